import { UPLOADS_PATH, UploadRefused, type FsBlobStore } from '../../adapters/local/fs-blob-store';
import { header, sendJson, type Route } from '../http-util';

const CORS = { 'access-control-allow-origin': '*' };

/**
 * `PUT /uploads/<key>?ct&max&exp&sig`: the local stand-in for a presigned S3 PUT. The body is
 * streamed to disk (never held in memory); a refused upload stores nothing. After a complete
 * upload the store's listeners run (video ingest starts) before the uploader hears 200.
 */
export function uploadsRoute(store: FsBlobStore): Route {
  return {
    method: 'PUT',
    path: UPLOADS_PATH,
    handler: async (req, res, url) => {
      const key = decodeURIComponent(url.pathname.slice(UPLOADS_PATH.length));
      const refuse = (error: UploadRefused) => {
        // The client may still be sending: answer, then drop the connection rather than read on.
        res.setHeader('connection', 'close');
        sendJson(res, error.status, { errorType: error.status === 413 ? 'ValidationError' : 'Forbidden', message: error.message }, CORS);
        res.once('finish', () => req.destroy());
      };
      try {
        const upload = store.verifyUpload(key, url.searchParams, {
          ...(header(req, 'content-type') ? { contentType: header(req, 'content-type') } : {}),
          ...(header(req, 'content-length') ? { contentLength: header(req, 'content-length') } : {}),
        });
        const created = await store.receive(upload, req);
        sendJson(res, 200, { key: created.key, size: created.size }, { ...CORS, etag: `"${created.size}"` });
      } catch (error) {
        if (error instanceof UploadRefused) refuse(error);
        else if (!req.complete) req.destroy();
        else throw error;
      }
    },
  };
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FsBlobStore } from '../../adapters/local/fs-blob-store';
import { MEDIA_PATH, type HmacMediaSigner } from '../../adapters/local/hmac-media-signer';
import { contentTypeOf } from '../static-files';
import type { Route } from '../http-util';

const CORS = { 'access-control-allow-origin': '*' };

/**
 * `GET /media/<token>/<key>`: produced media (HLS playlists, segments, posters). Every request,
 * playlist or segment, is checked against its token: tampered, expired or out-of-scope → 403.
 */
export function mediaRoutes(store: FsBlobStore, signer: HmacMediaSigner): Route[] {
  const handler: Route['handler'] = async (req, res, url) => {
    const rest = url.pathname.slice(MEDIA_PATH.length);
    const slash = rest.indexOf('/');
    const token = slash > 0 ? rest.slice(0, slash) : '';
    let key = '';
    try {
      key = decodeURIComponent(rest.slice(slash + 1));
    } catch {
      /* an undecodable key is refused below */
    }
    const check = signer.check(token, key);
    if (!check.ok) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', ...CORS }).end(`forbidden: ${check.reason}`);
      return;
    }
    const file = store.fileOf(check.key);
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...CORS }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': contentTypeOf(file),
      'content-length': String(info.size),
      'cache-control': 'private, max-age=60',
      ...CORS,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
  return [
    { method: 'GET', path: MEDIA_PATH, handler },
    { method: 'HEAD', path: MEDIA_PATH, handler },
  ];
}

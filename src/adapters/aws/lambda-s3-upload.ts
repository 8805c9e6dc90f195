import type { Workflows } from '../../ports/workflows';
import { awsRuntime } from './lambda-runtime';

/** EventBridge's "Object Created" event from the uploads bucket. */
export interface S3ObjectCreatedEvent {
  readonly 'detail-type'?: string;
  readonly detail: {
    readonly bucket: { readonly name: string };
    readonly object: { readonly key: string; readonly size?: number };
  };
}

export const VIDEO_INGEST = 'video-ingest';
/** Video sources are uploaded under `videos/<videoId>/source/...` (see requestVideoUpload). */
const VIDEO_SOURCE = /^videos\/([^/]+)\/source\//;

/**
 * "An upload landed" -> the ingest workflow, named after the video so a repeated S3 event (S3
 * delivers at least once) never starts a second ingest. Other keys (catalog imports) are handled
 * by the mutation that names them, so they are ignored here.
 */
export function s3UploadHandler(workflows: () => Workflows) {
  return async (event: S3ObjectCreatedEvent): Promise<{ started: boolean; videoId?: string }> => {
    const key = event.detail.object.key;
    const videoId = VIDEO_SOURCE.exec(key)?.[1];
    if (!videoId) return { started: false };
    const { started } = await workflows().start(VIDEO_INGEST, videoId, {
      videoId,
      bucket: event.detail.bucket.name,
      sourceKey: key,
      size: event.detail.object.size ?? null,
    });
    return { started, videoId };
  };
}

export const handler = s3UploadHandler(() => awsRuntime().workflows);

/**
 * Blob key layout of video ingest, shared by both runtimes (the S3 upload trigger and the local
 * blob store's listener both read keys with `ingestStartFor`).
 *   videos/<videoId>/source/<uploadId>   an uploaded source (one key per requested upload)
 *   videos/<videoId>/hls/...             the HLS package and poster
 */
export const VIDEO_INGEST_MACHINE = 'video-ingest';

export const videoSourceKey = (videoId: string, uploadId: string) => `videos/${videoId}/source/${uploadId}`;
export const videoOutputPrefix = (videoId: string) => `videos/${videoId}/hls/`;

const SOURCE_KEY = /^videos\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/source\/([A-Za-z0-9_-]{1,32})$/;

export interface IngestInput {
  readonly videoId: string;
  readonly sourceKey: string;
  readonly size: number | null;
}

export interface IngestStart {
  readonly machine: typeof VIDEO_INGEST_MACHINE;
  /** One execution per uploaded source: a repeated "object created" never starts a second one. */
  readonly executionName: string;
  readonly input: IngestInput;
}

/** The ingest to start for an object that just landed, or undefined if the key is not a video source. */
export function ingestStartFor(key: string, size: number | null): IngestStart | undefined {
  const match = SOURCE_KEY.exec(key);
  if (!match) return undefined;
  const [, videoId, uploadId] = match as unknown as [string, string, string];
  return {
    machine: VIDEO_INGEST_MACHINE,
    executionName: `ingest-${videoId}-${uploadId}`,
    input: { videoId, sourceKey: key, size },
  };
}

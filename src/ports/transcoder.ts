/** What a probe learned about an uploaded source. */
export interface ProbeResult {
  durationSeconds: number;
  width: number;
  height: number;
  /** Frames per second of the first video stream (used to align GOPs with segments). */
  frameRate: number;
  hasAudio: boolean;
  /** Lower-case codec name as the runtime reports it, e.g. `h264`, `hevc`, `vp9`. */
  videoCodec: string;
}

export interface FrameRate {
  numerator: number;
  denominator: number;
}

export type H264Level = '3.0' | '3.1' | '3.2' | '4.0' | '4.1' | '4.2';

/** One rung of the ABR ladder. Plain JSON: it travels through workflow state. */
export interface RenditionSettings {
  /** `1080p`, `720p`, … or `<h>p` for a small source kept at its own size. */
  name: string;
  width: number;
  height: number;
  /** MediaConvert QVBR quality level (1–10); ffmpeg maps it to a CRF. */
  qvbrQuality: number;
  /** Ceiling in bits per second (QVBR MaxBitrate / x264 -maxrate). */
  maxBitrate: number;
  /** HRD buffer in bits (MediaConvert HrdBufferSize / x264 -bufsize). */
  bufferSize: number;
  h264Profile: 'main';
  h264Level: H264Level;
  /** RFC 6381 CODECS value of the variant, video and audio, for the master playlist. */
  codecs: string;
  /** Appended to `baseName` to name this rendition's playlist and segments. */
  nameModifier: string;
  /** Relative to the output prefix: `<baseName><nameModifier>.m3u8`. */
  playlistKey: string;
}

export interface AudioSettings {
  codec: 'aac';
  bitrate: number;
  sampleRate: number;
  channels: number;
}

export interface ThumbnailSettings {
  /** Time of the captured frame in whole seconds (MediaConvert captures at multiples of a rate). */
  atSeconds: number;
  width: number;
  height: number;
  /** MediaConvert names captures `<base>.<7-digit index>.jpg`; capture 0 is the first frame. */
  captureIndex: number;
  baseName: string;
  /** Relative to the output prefix. */
  key: string;
}

/**
 * Everything an adapter needs to produce the HLS package, built once from the probe by
 * `buildTranscodeSettings` (src/app/vod). Output names follow MediaConvert's conventions so both
 * runtimes produce the same keys.
 */
export interface TranscodeSettings {
  version: 1;
  sourceDurationSeconds: number;
  segmentSeconds: number;
  frameRate: FrameRate;
  /** Keyframe interval in frames; a segment is a whole number of GOPs. */
  gopFrames: number;
  /** Base file name of the HLS group: the master playlist is `<baseName>.m3u8`. */
  baseName: string;
  masterKey: string;
  renditions: RenditionSettings[];
  audio: AudioSettings | null;
  thumbnail: ThumbnailSettings;
}

export interface TranscodeJob {
  videoId: string;
  /** Blob key of the uploaded source (S3 key in AWS, blob-store key locally). */
  sourceKey: string;
  /** Where the HLS package goes, e.g. `videos/<videoId>/hls/` (ends with `/`). */
  outputPrefix: string;
  /** Built by `buildTranscodeSettings(probe)`; the same object drives every adapter. */
  settings: TranscodeSettings;
}

export interface RenditionOutput {
  name: string;
  width: number;
  height: number;
  /** Peak bits per second (the master playlist's BANDWIDTH). */
  bitrate: number;
  /** Relative to the job's outputPrefix. */
  playlistKey: string;
}

export interface TranscodeResult {
  outputPrefix: string;
  /** Relative to outputPrefix, e.g. `master.m3u8`. */
  masterKey: string;
  renditions: RenditionOutput[];
  durationSeconds: number;
  /** Relative to outputPrefix. */
  thumbnailKey: string;
}

/** Where a started job is, as `check` sees it. Plain JSON: it travels through workflow state. */
export type TranscodeStatus =
  | { status: 'RUNNING'; percent: number }
  | { status: 'COMPLETE'; percent: 100; result: TranscodeResult }
  | { status: 'ERROR'; percent: number; reason: string };

/**
 * Turns an uploaded source into an HLS ABR package as a job the workflow starts, then polls
 * (StartTranscode → Wait → CheckTranscode in video-ingest.asl.json), so no task call lasts as long
 * as the encode.
 *
 * Failure contract:
 * - `probe` of a file that is not a playable video throws
 *   `DomainError('ValidationError', 'not a video: <reason>')`; a missing source throws
 *   `DomainError('NotFound', …)`. Both are final (a workflow should not retry them).
 * - `start` is idempotent per (videoId, sourceKey): calling it again for the same source returns
 *   the same `jobId` and starts no second encode.
 * - `check` reports an encode that failed as `ERROR` with a reason (final); it throws a plain
 *   `Error` only for a failure to find out (network, throttling), which a workflow may retry.
 *   It needs the job as well as its id: the result's keys follow from the settings, and an
 *   in-process adapter that lost its job (a restart) starts it again from it.
 * - `percent` is 100 when COMPLETE; a remote service may report a lower value than before, so a
 *   caller recording progress keeps only increases.
 */
export interface Transcoder {
  probe(sourceKey: string): Promise<ProbeResult>;
  start(job: TranscodeJob): Promise<{ jobId: string }>;
  check(jobId: string, job: TranscodeJob): Promise<TranscodeStatus>;
}

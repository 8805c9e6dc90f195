import type { Decider, DomainEvent } from './decider';
import { conflict, notFound, validation } from './errors';
import { SKU_PATTERN } from './product';

/**
 * A video of the library, stream `video-<id>`. Staff create it and upload a source; the ingest
 * workflow moves it CREATED → UPLOADED → PROCESSING → READY (or FAILED with a reason).
 */
export type VideoStatus = 'CREATED' | 'UPLOADED' | 'PROCESSING' | 'READY' | 'FAILED';
export type VideoAccess = 'FREE' | 'ENTITLED';

export interface VideoDetails {
  readonly title: string;
  readonly description: string;
  readonly access: VideoAccess;
  /** Products shown beside the player (product ids are skus). */
  readonly featuredProductIds: readonly string[];
}

export interface Rendition {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Peak bits per second. */
  readonly bitrate: number;
}

/** Where the finished HLS package lives (blob keys). */
export interface VideoPackage {
  readonly outputPrefix: string;
  /** Full blob key of the master playlist. */
  readonly manifestKey: string;
  /** Full blob key of the poster frame. */
  readonly thumbnailKey: string;
  readonly renditions: readonly Rendition[];
  readonly durationSeconds: number;
}

export interface VideoState extends VideoDetails {
  readonly exists: boolean;
  readonly videoId: string;
  readonly status: VideoStatus;
  readonly published: boolean;
  /** The source being (or last) ingested. */
  readonly sourceKey?: string;
  /** Upload keys handed out by requestVideoUpload, so that only those start an ingest. */
  readonly requestedKeys: readonly string[];
  readonly progress: number;
  readonly failureReason?: string;
  readonly package?: VideoPackage;
}

export type VideoCommand =
  | { type: 'CreateVideo'; videoId: string; details: VideoDetails }
  | { type: 'UpdateVideo'; changes: Partial<VideoDetails> }
  | { type: 'PublishVideo' }
  | { type: 'UnpublishVideo' }
  | { type: 'RequestUpload'; key: string; contentType: string; size: number }
  | { type: 'RecordUpload'; sourceKey: string; size: number }
  | { type: 'StartProcessing'; sourceKey: string; renditions: readonly string[] }
  | { type: 'RecordProgress'; sourceKey: string; percent: number }
  | { type: 'MarkReady'; sourceKey: string; package: VideoPackage }
  | { type: 'MarkFailed'; sourceKey: string; reason: string };

export type VideoEvent =
  | DomainEvent<'VideoCreated', { videoId: string } & VideoDetails>
  | DomainEvent<'VideoUpdated', Partial<VideoDetails>>
  | DomainEvent<'VideoPublished', Record<string, never>>
  | DomainEvent<'VideoUnpublished', Record<string, never>>
  | DomainEvent<'VideoUploadRequested', { key: string; contentType: string; size: number }>
  | DomainEvent<'VideoUploaded', { sourceKey: string; size: number }>
  | DomainEvent<'VideoProcessingStarted', { sourceKey: string; renditions: string[] }>
  | DomainEvent<'VideoTranscodeProgressed', { sourceKey: string; percent: number }>
  | DomainEvent<'VideoReady', { sourceKey: string } & VideoPackage>
  | DomainEvent<'VideoFailed', { sourceKey: string; reason: string }>;

export const videoStream = (videoId: string) => `video-${videoId}`;

/** The allowed status moves; a re-upload after a failure starts over at UPLOADED. */
export const VIDEO_TRANSITIONS: Readonly<Record<VideoStatus, readonly VideoStatus[]>> = {
  CREATED: ['UPLOADED'],
  UPLOADED: ['PROCESSING', 'FAILED'],
  PROCESSING: ['READY', 'FAILED'],
  READY: [],
  FAILED: ['UPLOADED'],
};

export const canTransition = (from: VideoStatus, to: VideoStatus) => VIDEO_TRANSITIONS[from].includes(to);

export const VIDEO_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const MAX_UPLOAD_BYTES = 20 * 1024 ** 3;
const MAX_FEATURED = 20;
const MAX_REASON = 500;

export function assertVideoId(videoId: string): void {
  if (typeof videoId !== 'string' || !VIDEO_ID_PATTERN.test(videoId))
    throw validation('video id must be 1-64 letters, digits, "_" or "-"', { field: 'id' });
}

function assertDetails(d: Partial<VideoDetails>): void {
  if (d.title !== undefined && (typeof d.title !== 'string' || d.title.trim().length === 0 || d.title.length > 200))
    throw validation('title must be 1-200 characters', { field: 'title' });
  if (d.description !== undefined && (typeof d.description !== 'string' || d.description.length > 5000))
    throw validation('description must be at most 5000 characters', { field: 'description' });
  if (d.access !== undefined && d.access !== 'FREE' && d.access !== 'ENTITLED')
    throw validation('access must be FREE or ENTITLED', { field: 'access' });
  if (d.featuredProductIds !== undefined) {
    if (!Array.isArray(d.featuredProductIds) || d.featuredProductIds.length > MAX_FEATURED)
      throw validation(`at most ${MAX_FEATURED} featured products`, { field: 'featuredProductIds' });
    for (const id of d.featuredProductIds)
      if (typeof id !== 'string' || !SKU_PATTERN.test(id))
        throw validation(`featured product id "${String(id)}" is not a product id`, { field: 'featuredProductIds' });
    if (new Set(d.featuredProductIds).size !== d.featuredProductIds.length)
      throw validation('a product is featured twice', { field: 'featuredProductIds' });
  }
}

export function assertVideoContentType(contentType: string): void {
  if (typeof contentType !== 'string' || !/^video\/[a-z0-9][a-z0-9.+-]{0,63}$/.test(contentType))
    throw validation('contentType must be a video type such as video/mp4', { field: 'contentType' });
}

function assertUploadSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_UPLOAD_BYTES)
    throw validation(`size must be a whole number of bytes, 1 to ${MAX_UPLOAD_BYTES}`, { field: 'size' });
}

const initialState: VideoState = {
  exists: false,
  videoId: '',
  title: '',
  description: '',
  access: 'ENTITLED',
  featuredProductIds: [],
  status: 'CREATED',
  published: false,
  requestedKeys: [],
  progress: 0,
};

function changedFields(state: VideoState, changes: Partial<VideoDetails>): Partial<VideoDetails> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (JSON.stringify(state[key as keyof VideoDetails]) !== JSON.stringify(value)) out[key] = value;
  }
  return out as Partial<VideoDetails>;
}

function existing(state: VideoState): VideoState {
  if (!state.exists) throw notFound('no such video');
  return state;
}

/** Ingest steps about an older source than the current one are late repeats: nothing to do. */
const isCurrentSource = (state: VideoState, sourceKey: string) => state.sourceKey === sourceKey;

export const videoDecider: Decider<VideoCommand, VideoState, VideoEvent> = {
  initialState,
  decide(command, state) {
    switch (command.type) {
      case 'CreateVideo': {
        assertVideoId(command.videoId);
        assertDetails(command.details);
        if (state.exists) throw conflict(`video ${command.videoId} already exists`, { id: command.videoId });
        return [{ type: 'VideoCreated', data: { videoId: command.videoId, ...command.details } }];
      }
      case 'UpdateVideo': {
        existing(state);
        assertDetails(command.changes);
        const changes = changedFields(state, command.changes);
        return Object.keys(changes).length ? [{ type: 'VideoUpdated', data: changes }] : [];
      }
      case 'PublishVideo':
        existing(state);
        if (state.published) return [];
        if (state.status !== 'READY')
          throw conflict(`video ${state.videoId} is ${state.status}: only a READY video can be published`, {
            status: state.status,
          });
        return [{ type: 'VideoPublished', data: {} }];
      case 'UnpublishVideo':
        existing(state);
        return state.published ? [{ type: 'VideoUnpublished', data: {} }] : [];
      case 'RequestUpload': {
        existing(state);
        assertVideoContentType(command.contentType);
        assertUploadSize(command.size);
        if (state.status !== 'CREATED' && state.status !== 'FAILED')
          throw conflict(`video ${state.videoId} is ${state.status}: it already has a source`, { status: state.status });
        const { key, contentType, size } = command;
        return [{ type: 'VideoUploadRequested', data: { key, contentType, size } }];
      }
      case 'RecordUpload': {
        existing(state);
        if (isCurrentSource(state, command.sourceKey)) return [];
        if (!state.requestedKeys.includes(command.sourceKey))
          throw validation(`${command.sourceKey} is not an upload requested for video ${state.videoId}`);
        if (!canTransition(state.status, 'UPLOADED'))
          throw conflict(`video ${state.videoId} is ${state.status}: it cannot take another upload`, { status: state.status });
        return [{ type: 'VideoUploaded', data: { sourceKey: command.sourceKey, size: command.size } }];
      }
      case 'StartProcessing':
        existing(state);
        if (!isCurrentSource(state, command.sourceKey) || state.status !== 'UPLOADED') return [];
        return [{ type: 'VideoProcessingStarted', data: { sourceKey: command.sourceKey, renditions: [...command.renditions] } }];
      case 'RecordProgress': {
        existing(state);
        const percent = Math.floor(command.percent);
        if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw validation('percent must be 0-100');
        if (!isCurrentSource(state, command.sourceKey) || state.status !== 'PROCESSING' || percent <= state.progress) return [];
        return [{ type: 'VideoTranscodeProgressed', data: { sourceKey: command.sourceKey, percent } }];
      }
      case 'MarkReady':
        existing(state);
        if (!isCurrentSource(state, command.sourceKey) || state.status === 'READY') return [];
        if (!canTransition(state.status, 'READY'))
          throw conflict(`video ${state.videoId} is ${state.status}: it cannot become READY`, { status: state.status });
        if (command.package.renditions.length === 0) throw validation('a ready video needs at least one rendition');
        return [{ type: 'VideoReady', data: { sourceKey: command.sourceKey, ...command.package } }];
      case 'MarkFailed': {
        existing(state);
        if (!isCurrentSource(state, command.sourceKey) || !canTransition(state.status, 'FAILED')) return [];
        const reason = String(command.reason || 'unknown failure').slice(0, MAX_REASON);
        return [{ type: 'VideoFailed', data: { sourceKey: command.sourceKey, reason } }];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'VideoCreated': {
        const { videoId, ...details } = event.data;
        return { ...state, ...details, videoId, exists: true };
      }
      case 'VideoUpdated':
        return { ...state, ...event.data };
      case 'VideoPublished':
        return { ...state, published: true };
      case 'VideoUnpublished':
        return { ...state, published: false };
      case 'VideoUploadRequested':
        return { ...state, requestedKeys: [...state.requestedKeys, event.data.key] };
      case 'VideoUploaded': {
        const { failureReason: _dropped, ...rest } = state;
        return { ...rest, status: 'UPLOADED', sourceKey: event.data.sourceKey, progress: 0 };
      }
      case 'VideoProcessingStarted':
        return { ...state, status: 'PROCESSING', progress: 0 };
      case 'VideoTranscodeProgressed':
        return { ...state, progress: event.data.percent };
      case 'VideoReady': {
        const { sourceKey: _source, ...pkg } = event.data;
        return { ...state, status: 'READY', progress: 100, package: pkg };
      }
      case 'VideoFailed':
        return { ...state, status: 'FAILED', failureReason: event.data.reason };
      default:
        return state;
    }
  },
};

import type { VideoEvent } from '../../domain/video';
import type { StoredEvent } from '../../ports/event-store';
import type { ReadStore } from '../../ports/read-store';
import type { Notification, Projection } from '../projector';
import { Tables, type VideoView } from '../read-models';

export const VIDEO_UPDATED = 'publishVideoUpdated';

const VIDEO_PREFIX = 'video-';

function applyVideo(view: VideoView | undefined, event: VideoEvent, at: string): VideoView | undefined {
  if (event.type === 'VideoCreated') {
    const { videoId, title, description, access, featuredProductIds } = event.data;
    return {
      id: videoId,
      title,
      description,
      access,
      status: 'CREATED',
      published: false,
      progress: null,
      failureReason: null,
      durationSeconds: null,
      renditions: [],
      featuredProductIds: [...featuredProductIds],
      sourceKey: null,
      manifestKey: null,
      outputPrefix: null,
      thumbnailKey: null,
      createdAt: at,
      updatedAt: at,
    };
  }
  if (!view) return undefined;
  const next = { ...view, updatedAt: at };
  switch (event.type) {
    case 'VideoUpdated': {
      const { featuredProductIds, ...rest } = event.data;
      return { ...next, ...rest, ...(featuredProductIds ? { featuredProductIds: [...featuredProductIds] } : {}) };
    }
    case 'VideoPublished':
      return { ...next, published: true };
    case 'VideoUnpublished':
      return { ...next, published: false };
    case 'VideoUploadRequested':
      return undefined; // nothing a reader sees changes
    case 'VideoUploaded':
      return { ...next, status: 'UPLOADED', sourceKey: event.data.sourceKey, progress: 0, failureReason: null };
    case 'VideoProcessingStarted':
      return { ...next, status: 'PROCESSING', progress: 0 };
    case 'VideoTranscodeProgressed':
      return { ...next, progress: event.data.percent };
    case 'VideoReady': {
      const { manifestKey, outputPrefix, thumbnailKey, renditions, durationSeconds } = event.data;
      return {
        ...next,
        status: 'READY',
        progress: 100,
        manifestKey,
        outputPrefix,
        thumbnailKey,
        renditions: renditions.map((r) => ({ ...r })),
        durationSeconds,
      };
    }
    case 'VideoFailed':
      return { ...next, status: 'FAILED', failureReason: event.data.reason };
    default:
      return undefined;
  }
}

/**
 * videos: one row per video, partitioned PUBLISHED / DRAFT so the public list is one index
 * query. Every visible change (status, progress, details) is pushed to onVideoUpdated.
 */
export const videosProjection: Projection = {
  name: 'videos',
  tables: [Tables.videos],
  async apply(event: StoredEvent, read: ReadStore): Promise<Notification[]> {
    if (!event.streamId.startsWith(VIDEO_PREFIX)) return [];
    const id = event.streamId.slice(VIDEO_PREFIX.length);
    const row = await read.get<VideoView>(Tables.videos, id);
    if ((row?.versions[event.streamId] ?? 0) >= event.version) return [];
    const doc = applyVideo(row?.doc, event as unknown as VideoEvent, event.meta.at);
    const versions = { [event.streamId]: event.version };
    if (!doc) {
      // Still remember the version so a replay skips it.
      if (row) await read.put(Tables.videos, { ...row, versions });
      return [];
    }
    await read.put(Tables.videos, { id, doc, versions, partition: doc.published ? 'PUBLISHED' : 'DRAFT' });
    return [{ mutation: VIDEO_UPDATED, payload: { ...doc } }];
  },
};

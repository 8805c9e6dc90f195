import { DomainError, conflict, notFound } from '../../domain/errors';
import type { Clock } from '../../ports/clock';
import type { MediaSigner } from '../../ports/media-signer';
import type { ReadStore } from '../../ports/read-store';
import type { VideoView } from '../read-models';
import { isEntitled } from './library';

/** Who asks to watch: a signed-in customer (their id), staff, or an anonymous visitor. */
export interface Viewer {
  readonly customerId?: string;
  readonly staff: boolean;
}

export interface PlaybackGrant {
  readonly url: string;
  readonly expiresAt: string;
}

export interface PlaybackDeps {
  readonly read: ReadStore;
  readonly signer: MediaSigner;
  readonly clock: Clock;
  readonly find: (videoId: string) => Promise<VideoView | undefined>;
}

/**
 * A grant outlives the video by a margin so a viewer can finish what they started (segments are
 * fetched as playback proceeds); it is still short for a short clip.
 */
export const PLAYBACK_MARGIN_SECONDS = 15 * 60;
const MAX_PLAYBACK_SECONDS = 6 * 60 * 60;

export const playbackTtlSeconds = (durationSeconds: number | null) =>
  Math.min(MAX_PLAYBACK_SECONDS, PLAYBACK_MARGIN_SECONDS + Math.ceil(durationSeconds ?? 0));

/** FREE → anyone; ENTITLED → staff or a customer whose library holds it; otherwise refused. */
export async function authorizePlayback(deps: PlaybackDeps, videoId: string, viewer: Viewer): Promise<PlaybackGrant> {
  const video = await deps.find(videoId);
  if (!video || (!video.published && !viewer.staff)) throw notFound('no such video');
  if (video.status !== 'READY' || !video.manifestKey || !video.outputPrefix)
    throw conflict(`video ${videoId} is ${video.status}: it cannot be played yet`, { status: video.status });
  if (video.access === 'ENTITLED' && !viewer.staff) {
    if (!viewer.customerId) throw new DomainError('Unauthorized', 'sign in to watch this video');
    if (!(await isEntitled(deps.read, viewer.customerId, videoId)))
      throw new DomainError('Forbidden', 'this video is unlocked by buying a product that includes it', { videoId });
  }
  const expiresAt = new Date(deps.clock.now().getTime() + playbackTtlSeconds(video.durationSeconds) * 1000);
  const url = await deps.signer.signedUrl({ key: video.manifestKey, scopePrefix: video.outputPrefix, expiresAt });
  return { url, expiresAt: expiresAt.toISOString() };
}

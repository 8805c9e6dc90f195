import type { Publisher } from '../../ports/publisher';
import { VIDEO_UPDATED } from '../projections/videos';
import type { VideoView } from '../read-models';
import type { Videos } from './videos';

/**
 * Wraps the projector's publisher so onVideoUpdated pushes carry what a query returns (signed
 * poster URL, granting products): the projection itself holds no signing key.
 */
export function withVideoPresentation(publisher: Publisher, videos: Pick<Videos, 'present'>): Publisher {
  return {
    async publish(mutation, payload) {
      if (mutation !== VIDEO_UPDATED) return publisher.publish(mutation, payload);
      const presented = await videos.present(payload as unknown as VideoView, false);
      return publisher.publish(mutation, presented as unknown as Record<string, unknown>);
    },
  };
}

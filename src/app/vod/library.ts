import type { ReadStore } from '../../ports/read-store';
import { entitledVideoIds } from '../projections/library';

/** The videos a customer bought (checkout's `library` read model: granted on payment, revoked on refund). */
export const entitledVideoIdsOf = (read: ReadStore, customerId: string): Promise<string[]> => entitledVideoIds(read, customerId);

export async function isEntitled(read: ReadStore, customerId: string, videoId: string): Promise<boolean> {
  return (await entitledVideoIds(read, customerId)).includes(videoId);
}

import type { ReadStore } from '../../ports/read-store';

/**
 * The `library` read model written by checkout (GrantEntitlements / refunds): one row per
 * customer listing the videos they may watch. Read here by that contract.
 */
export const LIBRARY_TABLE = 'library';

export interface LibraryDoc {
  customerId: string;
  videos: Record<string, { orderId: string; grantedAt: string }>;
}

export async function entitledVideoIdsOf(read: ReadStore, customerId: string): Promise<string[]> {
  const row = await read.get<LibraryDoc>(LIBRARY_TABLE, customerId);
  return Object.keys(row?.doc.videos ?? {});
}

export async function isEntitled(read: ReadStore, customerId: string, videoId: string): Promise<boolean> {
  const row = await read.get<LibraryDoc>(LIBRARY_TABLE, customerId);
  return Boolean(row?.doc.videos?.[videoId]);
}

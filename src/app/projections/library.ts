import type { EntitlementEvent } from '../../domain/entitlement';
import type { StoredEvent } from '../../ports/event-store';
import type { ReadStore } from '../../ports/read-store';
import type { Notification, Projection } from '../projector';
import { Tables, type LibraryEntry, type LibraryView } from '../read-models';

const PREFIX = 'entitlements-';

function apply(view: LibraryView, event: EntitlementEvent, at: string): LibraryView {
  const { videoId, orderId } = event.data;
  const entry = view.videos[videoId];
  if (event.type === 'EntitlementGranted') {
    const next: LibraryEntry = entry
      ? { ...entry, orderIds: entry.orderIds.includes(orderId) ? entry.orderIds : [...entry.orderIds, orderId] }
      : { orderId, orderIds: [orderId], grantedAt: at };
    return { ...view, videos: { ...view.videos, [videoId]: next } };
  }
  if (!entry) return view;
  const orderIds = entry.orderIds.filter((o) => o !== orderId);
  const { [videoId]: _revoked, ...rest } = view.videos;
  return { ...view, videos: orderIds.length ? { ...rest, [videoId]: { ...entry, orderId: orderIds[0]!, orderIds } } : rest };
}

/** library: one row per customer (row id = customerId) with the videos they may watch. */
export const libraryProjection: Projection = {
  name: 'library',
  tables: [Tables.library],
  async apply(event: StoredEvent, read: ReadStore): Promise<Notification[]> {
    if (!event.streamId.startsWith(PREFIX)) return [];
    const customerId = event.streamId.slice(PREFIX.length);
    const row = await read.get<LibraryView>(Tables.library, customerId);
    if ((row?.versions[event.streamId] ?? 0) >= event.version) return [];
    const doc = apply(row?.doc ?? { customerId, videos: {} }, event as unknown as EntitlementEvent, event.meta.at);
    await read.put(Tables.library, { id: customerId, doc, versions: { [event.streamId]: event.version } });
    return [];
  },
};

/** The videos a customer is entitled to watch (empty for a customer who bought none). */
export async function entitledVideoIds(read: ReadStore, customerId: string): Promise<string[]> {
  const row = await read.get<LibraryView>(Tables.library, customerId);
  return Object.keys(row?.doc.videos ?? {});
}

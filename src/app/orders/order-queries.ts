import { validation } from '../../domain/errors';
import type { ReadStore } from '../../ports/read-store';
import { listAll, offsetFromToken, offsetToken } from '../paging';
import { Tables, type OrderView } from '../read-models';

export interface OrderPage {
  readonly items: OrderView[];
  readonly nextToken?: string;
}

const MAX_SCAN = 5_000;
const DEFAULT_LIMIT = 20;

/** Reads every row of a table (optionally one partition), newest order first. */
export async function allOrders(read: ReadStore, partition?: string): Promise<OrderView[]> {
  const out = await listAll<OrderView>(read, Tables.orders, partition, MAX_SCAN);
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** Newest first, `limit` at a time; the token is the offset of the next page. */
export function paginate(items: readonly OrderView[], limit: number | null | undefined, nextToken: string | null | undefined): OrderPage {
  const size = limit ?? DEFAULT_LIMIT;
  if (!Number.isSafeInteger(size) || size < 1 || size > 100) throw validation('limit must be 1-100', { field: 'limit' });
  const offset = nextToken ? offsetFromToken(nextToken) : 0;
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? offsetToken(offset + size) : undefined;
  return { items: page, ...(next ? { nextToken: next } : {}) };
}

import { validation } from '../domain/errors';
import type { ReadStore } from '../ports/read-store';

/** Every row of a read-model table (or of one partition), following the store's pages. */
export async function listAll<T>(read: ReadStore, table: string, partition?: string, cap = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await read.list<T>(table, { limit: 1000, ...(partition ? { partition } : {}), ...(nextToken ? { nextToken } : {}) });
    out.push(...page.items.map((r) => r.doc));
    nextToken = page.nextToken;
  } while (nextToken && out.length < cap);
  return out;
}

/** The opaque nextToken of an offset-paged list. */
export const offsetToken = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');

export function offsetFromToken(token: string): number {
  try {
    const { o } = JSON.parse(Buffer.from(token, 'base64url').toString()) as { o: unknown };
    if (typeof o === 'number' && Number.isSafeInteger(o) && o >= 0) return o;
  } catch {
    /* fall through */
  }
  throw validation('nextToken is not one this API issued', { field: 'nextToken' });
}

import { validation } from '../../domain/errors';
import { offsetFromToken, offsetToken } from '../paging';
import type { ProductView } from '../read-models';

export type ProductSort = 'NEWEST' | 'PRICE_ASC' | 'PRICE_DESC' | 'TITLE';

export interface ProductQuery {
  readonly search?: string | null;
  readonly category?: string | null;
  readonly minPrice?: number | null;
  readonly maxPrice?: number | null;
  readonly sort?: ProductSort | null;
  readonly limit?: number | null;
  readonly nextToken?: string | null;
}

export interface ProductPage {
  readonly items: ProductView[];
  readonly nextToken: string | null;
  readonly total: number;
}

const comparators: Record<ProductSort, (a: ProductView, b: ProductView) => number> = {
  NEWEST: (a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id),
  PRICE_ASC: (a, b) => a.price.amount - b.price.amount || a.id.localeCompare(b.id),
  PRICE_DESC: (a, b) => b.price.amount - a.price.amount || a.id.localeCompare(b.id),
  TITLE: (a, b) => a.title.localeCompare(b.title, 'ja') || a.id.localeCompare(b.id),
};

/** Filter, sort and page the catalog; pure so both runtimes answer identically. */
export function queryProducts(all: readonly ProductView[], q: ProductQuery, includeDrafts: boolean): ProductPage {
  const limit = q.limit ?? 24;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw validation('limit must be 1-100');
  if (q.minPrice != null && q.maxPrice != null && q.minPrice > q.maxPrice)
    throw validation('minPrice must not exceed maxPrice');
  const needle = q.search?.trim().toLowerCase();
  const matches = all.filter(
    (p) =>
      (includeDrafts || p.published) &&
      (!q.category || p.category === q.category) &&
      (q.minPrice == null || p.price.amount >= q.minPrice) &&
      (q.maxPrice == null || p.price.amount <= q.maxPrice) &&
      (!needle || `${p.title}\n${p.description}\n${p.sku}\n${p.category}`.toLowerCase().includes(needle)),
  );
  matches.sort(comparators[q.sort ?? 'NEWEST']);
  const offset = q.nextToken ? offsetFromToken(q.nextToken) : 0;
  const items = matches.slice(offset, offset + limit);
  const next = offset + limit < matches.length ? offsetToken(offset + limit) : null;
  return { items, nextToken: next, total: matches.length };
}

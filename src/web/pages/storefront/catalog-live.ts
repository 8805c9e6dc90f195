import type { ProductFilter } from '../../api/catalog';
import type { Product, ProductSort } from '../../api/types';

// Mirrors the server's filter and sort (src/app/catalog/product-query.ts) so a pushed
// product lands where a reload would put it.
const comparators: Record<ProductSort, (a: Product, b: Product) => number> = {
  NEWEST: (a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id),
  PRICE_ASC: (a, b) => a.price.amount - b.price.amount || a.id.localeCompare(b.id),
  PRICE_DESC: (a, b) => b.price.amount - a.price.amount || a.id.localeCompare(b.id),
  TITLE: (a, b) => a.title.localeCompare(b.title, 'ja') || a.id.localeCompare(b.id),
};

export function matchesFilter(p: Product, f: ProductFilter): boolean {
  const needle = f.search?.trim().toLowerCase();
  return (
    (!f.category || p.category === f.category) &&
    (f.minPrice == null || p.price.amount >= f.minPrice) &&
    (f.maxPrice == null || p.price.amount <= f.maxPrice) &&
    (!needle || `${p.title}\n${p.description}\n${p.sku}\n${p.category}`.toLowerCase().includes(needle))
  );
}

/**
 * Applies a pushed product to the loaded list: replace it in place, drop it when it is
 * unpublished or no longer matches, insert it when it newly qualifies (unless it would sort
 * beyond the pages not loaded yet).
 */
export function applyUpdate(
  items: readonly Product[],
  updated: Product,
  filter: ProductFilter,
  sort: ProductSort,
  hasMore: boolean,
): Product[] {
  const rest = items.filter((p) => p.id !== updated.id);
  const known = rest.length !== items.length;
  if (!updated.published || !matchesFilter(updated, filter)) return rest;
  const cmp = comparators[sort];
  const last = rest[rest.length - 1];
  if (!known && hasMore && last && cmp(updated, last) > 0) return rest;
  if (known) return items.map((p) => (p.id === updated.id ? updated : p));
  return [...rest, updated].sort(cmp);
}

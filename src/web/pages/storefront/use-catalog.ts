import { useCallback, useEffect, useRef, useState } from 'react';
import { listProducts, ON_PRODUCT_UPDATED, type ProductFilter } from '../../api/catalog';
import { toApiError, type ApiError } from '../../api/errors';
import type { Product, ProductSort } from '../../api/types';
import { useSubscription } from '../../api/use-subscription';
import { useSession } from '../../auth/session';
import { applyUpdate } from './catalog-live';

const PAGE = 12;

/** The storefront list: first page, "load more" by nextToken, and live updates from onProductUpdated. */
export function useCatalog(filter: ProductFilter, sort: ProductSort) {
  const { ready, user } = useSession();
  const [items, setItems] = useState<Product[]>([]);
  const [nextToken, setNextToken] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();
  const generation = useRef(0);
  const key = JSON.stringify(filter);

  const load = useCallback(
    async (token: string | null) => {
      const gen = token ? generation.current : ++generation.current;
      setLoading(true);
      try {
        const page = await listProducts(filter, sort, PAGE, token);
        if (gen !== generation.current) return;
        // Staff also receive drafts from `products`; the shop shows only what is on sale.
        const visible = page.items.filter((p) => p.published);
        setItems((prev) => (token ? [...prev, ...visible.filter((p) => !prev.some((q) => q.id === p.id))] : visible));
        setNextToken(page.nextToken ?? null);
        setTotal(page.total ?? visible.length);
        setError(undefined);
      } catch (e) {
        if (gen === generation.current) setError(toApiError(e));
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, sort],
  );

  useEffect(() => {
    if (ready) void load(null);
  }, [ready, user?.sub, load]);

  const hasMore = nextToken !== null;
  const itemsRef = useRef(items);
  itemsRef.current = items;
  useSubscription<{ onProductUpdated: Product | null }>(ON_PRODUCT_UPDATED, undefined, ({ onProductUpdated: p }) => {
    if (!p) return;
    const prev = itemsRef.current;
    const next = applyUpdate(prev, p, filter, sort, hasMore);
    itemsRef.current = next;
    setItems(next);
    if (next.length !== prev.length) setTotal((n) => n + next.length - prev.length);
  });

  return {
    items,
    total,
    loading,
    error,
    hasMore,
    loadMore: () => void load(nextToken),
    reload: () => void load(null),
  };
}

import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/errors';
import type { Order, Page } from '../../api/types';
import type { QueryState } from '../../api/use-query';

/** Appends the next page of orders, skipping any already shown (a live push may have added them). */
export const appendPage = (prev: Page<Order> | undefined, next: Page<Order>): Page<Order> | undefined =>
  prev && {
    ...prev,
    items: [...prev.items, ...next.items.filter((o) => !prev.items.some((x) => x.id === o.id))],
    nextToken: next.nextToken ?? null,
  };

/** "Load more" for a paged order list: fetches the page after the loaded ones and appends it. */
export function useLoadMore(orders: QueryState<Page<Order>>, fetchPage: (nextToken: string) => Promise<Page<Order>>) {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const nextToken = orders.data?.nextToken ?? null;
  const loadMore = async () => {
    if (!nextToken) return;
    setBusy(true);
    setError(undefined);
    try {
      const next = await fetchPage(nextToken);
      orders.set((page) => appendPage(page, next));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return { hasMore: !!nextToken, busy, error, loadMore };
}

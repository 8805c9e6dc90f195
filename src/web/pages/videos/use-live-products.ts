import { getProduct, ON_PRODUCT_UPDATED } from '../../api/catalog';
import type { Product } from '../../api/types';
import { useQuery } from '../../api/use-query';
import { useSubscription } from '../../api/use-subscription';

/** A fixed set of products (by id), kept current by one onProductUpdated subscription. */
export function useLiveProducts(ids: readonly string[]) {
  const key = ids.join(',');
  const products = useQuery(
    async () => (await Promise.all(ids.map((id) => getProduct(id).catch(() => null)))).filter((p): p is Product => !!p),
    [key],
  );
  useSubscription<{ onProductUpdated: Product | null }>(
    ON_PRODUCT_UPDATED,
    undefined,
    ({ onProductUpdated: p }) => {
      if (p && ids.includes(p.id)) products.set((list) => list?.map((x) => (x.id === p.id ? p : x)));
    },
    ids.length > 0,
  );
  return products;
}

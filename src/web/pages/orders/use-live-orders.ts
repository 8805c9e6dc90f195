import { ON_ORDER_UPDATED } from '../../api/orders';
import type { Order } from '../../api/types';
import { useSubscription } from '../../api/use-subscription';

/**
 * Every status change of one customer's orders; `null` listens to all customers (STAFF only),
 * `undefined` waits (e.g. until the order, and so its customer, is known). `onStarted` runs
 * once the server listens, to re-read anything that changed before.
 */
export function useLiveOrders(
  customerId: string | null | undefined,
  onOrder: (o: Order) => void,
  onStarted?: () => void,
): void {
  useSubscription<{ onOrderUpdated: Order | null }>(
    ON_ORDER_UPDATED,
    customerId ? { customerId } : undefined,
    ({ onOrderUpdated }) => {
      if (onOrderUpdated) onOrder(onOrderUpdated);
    },
    customerId !== undefined,
    onStarted,
  );
}

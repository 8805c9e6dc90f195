import type { TaskHandlers } from '../../ports/workflows';
import { Orders } from '../orders/orders';
import { Checkout } from './checkout';
import type { CheckoutDeps } from './checkout-deps';
import { checkoutTasks } from './checkout-tasks';

/** What either composition root gets for checkout: the use cases and the workflow's task handlers. */
export function checkoutServices(deps: CheckoutDeps): { checkout: Checkout; orders: Orders; tasks: TaskHandlers } {
  return { checkout: new Checkout(deps), orders: new Orders(deps), tasks: checkoutTasks(deps) };
}

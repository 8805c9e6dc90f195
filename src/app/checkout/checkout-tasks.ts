import type { TaskHandlers } from '../../ports/workflows';
import type { CheckoutDeps } from './checkout-deps';
import { compensateOrder } from './compensate';
import { createShipment, grantEntitlements, sendConfirmation } from './tasks-after-confirmation';
import { authorizePayment, confirmOrder, reserveStock } from './tasks-before-confirmation';

/**
 * The task handlers of state-machines/checkout.asl.json, keyed by their resource placeholder.
 * Plain `(input) => output` functions: the local ASL engine calls them, and in AWS a Lambda wraps them.
 */
export function checkoutTasks(deps: CheckoutDeps): TaskHandlers {
  return {
    ReserveStockFunctionArn: reserveStock(deps),
    AuthorizePaymentFunctionArn: authorizePayment(deps),
    ConfirmOrderFunctionArn: confirmOrder(deps),
    SendConfirmationFunctionArn: sendConfirmation(deps),
    GrantEntitlementsFunctionArn: grantEntitlements(deps),
    CreateShipmentFunctionArn: createShipment(deps),
    CompensateOrderFunctionArn: compensateOrder(deps),
  };
}

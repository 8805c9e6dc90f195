import type { Decider, DomainEvent } from './decider';
import { validation } from './errors';

/**
 * A placeOrder idempotency key of one customer, stream `orderkey-<digest>`: the first order id it
 * was claimed for is the order every repeat of the request gets.
 */
export interface OrderKeyState {
  readonly orderId?: string;
}

export type OrderKeyCommand = { type: 'ClaimOrderKey'; orderId: string };

export type OrderKeyEvent = DomainEvent<'OrderKeyClaimed', { orderId: string }>;

export const orderKeyDecider: Decider<OrderKeyCommand, OrderKeyState, OrderKeyEvent> = {
  initialState: {},
  decide(command, state) {
    if (typeof command.orderId !== 'string' || command.orderId.length === 0)
      throw validation('orderId is required', { field: 'orderId' });
    if (state.orderId) return [];
    return [{ type: 'OrderKeyClaimed', data: { orderId: command.orderId } }];
  },
  evolve(state, event) {
    if (event.type !== 'OrderKeyClaimed' || state.orderId) return state;
    return { orderId: event.data.orderId };
  },
};

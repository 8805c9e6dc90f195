import type { Decider, DomainEvent } from './decider';
import { DomainError, validation } from './errors';

/**
 * Stock of one sku, stream `inventory-<sku>`. Reservation is a decision on this
 * stream with an expected version, which is what makes "no oversell" true under
 * any concurrency. Reservations are kept per order so each can be released or
 * committed exactly once.
 */
export interface InventoryState {
  readonly onHand: number;
  readonly reservations: Readonly<Record<string, number>>;
}

export type InventoryCommand =
  | { type: 'AdjustStock'; delta: number; reason: string }
  | { type: 'ReserveStock'; orderId: string; quantity: number }
  | { type: 'ReleaseStock'; orderId: string; reason: string }
  | { type: 'CommitStock'; orderId: string };

export type InventoryEvent =
  | DomainEvent<'StockAdjusted', { delta: number; reason: string; onHand: number }>
  | DomainEvent<'StockReserved', { orderId: string; quantity: number }>
  | DomainEvent<'StockReleased', { orderId: string; quantity: number; reason: string }>
  | DomainEvent<'StockCommitted', { orderId: string; quantity: number }>;

export const inventoryStream = (sku: string) => `inventory-${sku}`;

export const reserved = (s: InventoryState) => Object.values(s.reservations).reduce((a, b) => a + b, 0);
export const available = (s: InventoryState) => s.onHand - reserved(s);

const MAX_STOCK = 1_000_000_000;

export const inventoryDecider: Decider<InventoryCommand, InventoryState, InventoryEvent> = {
  initialState: { onHand: 0, reservations: {} },
  decide(command, state) {
    switch (command.type) {
      case 'AdjustStock': {
        if (!Number.isSafeInteger(command.delta) || command.delta === 0)
          throw validation('delta must be a non-zero whole number', { field: 'delta' });
        const reason = command.reason.trim();
        if (!reason || reason.length > 200) throw validation('reason must be 1-200 characters', { field: 'reason' });
        const onHand = state.onHand + command.delta;
        if (onHand > MAX_STOCK) throw validation('stock would exceed one billion units', { field: 'delta' });
        if (onHand < reserved(state))
          throw validation(
            `stock cannot go below what is reserved (${reserved(state)} reserved, ${state.onHand} on hand)`,
            { field: 'delta', reserved: reserved(state), onHand: state.onHand },
          );
        return [{ type: 'StockAdjusted', data: { delta: command.delta, reason, onHand } }];
      }
      case 'ReserveStock': {
        if (!Number.isSafeInteger(command.quantity) || command.quantity < 1)
          throw validation('quantity must be at least 1', { field: 'quantity' });
        if (command.orderId in state.reservations) return [];
        if (available(state) < command.quantity)
          throw new DomainError('OutOfStock', `only ${Math.max(0, available(state))} left`, {
            available: available(state),
            requested: command.quantity,
          });
        return [{ type: 'StockReserved', data: { orderId: command.orderId, quantity: command.quantity } }];
      }
      case 'ReleaseStock': {
        const quantity = state.reservations[command.orderId];
        if (quantity === undefined) return [];
        return [{ type: 'StockReleased', data: { orderId: command.orderId, quantity, reason: command.reason } }];
      }
      case 'CommitStock': {
        const quantity = state.reservations[command.orderId];
        if (quantity === undefined) return [];
        return [{ type: 'StockCommitted', data: { orderId: command.orderId, quantity } }];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'StockAdjusted':
        return { ...state, onHand: event.data.onHand };
      case 'StockReserved':
        return { ...state, reservations: { ...state.reservations, [event.data.orderId]: event.data.quantity } };
      case 'StockReleased':
      case 'StockCommitted': {
        const { [event.data.orderId]: _gone, ...rest } = state.reservations;
        const onHand = event.type === 'StockCommitted' ? state.onHand - event.data.quantity : state.onHand;
        return { onHand, reservations: rest };
      }
      default:
        return state;
    }
  },
};

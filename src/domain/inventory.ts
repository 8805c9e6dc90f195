import { Map as PersistentMap } from 'immutable';
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
  /** Units held by open reservations, in all. */
  readonly reserved: number;
  /**
   * Open reservations by order id. A persistent map: a new state shares all but a path of the old
   * one, so reserving costs O(log n) rather than a copy of every open reservation (a popular sku
   * holds one for each order not shipped yet), and every earlier state stays as it was.
   */
  readonly reservations: PersistentMap<string, number>;
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

export const available = (s: InventoryState) => s.onHand - s.reserved;
/** The open reservations as a plain object (order id -> units). */
export const reservationsOf = (s: InventoryState): Record<string, number> => s.reservations.toObject();

const MAX_STOCK = 1_000_000_000;

export const inventoryDecider: Decider<InventoryCommand, InventoryState, InventoryEvent> = {
  initialState: { onHand: 0, reserved: 0, reservations: PersistentMap<string, number>() },
  decide(command, state) {
    switch (command.type) {
      case 'AdjustStock': {
        if (!Number.isSafeInteger(command.delta) || command.delta === 0)
          throw validation('delta must be a non-zero whole number', { field: 'delta' });
        const reason = command.reason.trim();
        if (!reason || reason.length > 200) throw validation('reason must be 1-200 characters', { field: 'reason' });
        const onHand = state.onHand + command.delta;
        if (onHand > MAX_STOCK) throw validation('stock would exceed one billion units', { field: 'delta' });
        if (onHand < state.reserved)
          throw validation(
            `stock cannot go below what is reserved (${state.reserved} reserved, ${state.onHand} on hand)`,
            { field: 'delta', reserved: state.reserved, onHand: state.onHand },
          );
        return [{ type: 'StockAdjusted', data: { delta: command.delta, reason, onHand } }];
      }
      case 'ReserveStock': {
        if (!Number.isSafeInteger(command.quantity) || command.quantity < 1)
          throw validation('quantity must be at least 1', { field: 'quantity' });
        if (state.reservations.has(command.orderId)) return [];
        if (available(state) < command.quantity)
          throw new DomainError('OutOfStock', `only ${Math.max(0, available(state))} left`, {
            available: available(state),
            requested: command.quantity,
          });
        return [{ type: 'StockReserved', data: { orderId: command.orderId, quantity: command.quantity } }];
      }
      case 'ReleaseStock': {
        const quantity = state.reservations.get(command.orderId);
        if (quantity === undefined) return [];
        return [{ type: 'StockReleased', data: { orderId: command.orderId, quantity, reason: command.reason } }];
      }
      case 'CommitStock': {
        const quantity = state.reservations.get(command.orderId);
        if (quantity === undefined) return [];
        return [{ type: 'StockCommitted', data: { orderId: command.orderId, quantity } }];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'StockAdjusted':
        return { ...state, onHand: event.data.onHand };
      case 'StockReserved': {
        const { orderId, quantity } = event.data;
        const before = state.reservations.get(orderId) ?? 0;
        return { onHand: state.onHand, reserved: state.reserved - before + quantity, reservations: state.reservations.set(orderId, quantity) };
      }
      case 'StockReleased':
      case 'StockCommitted': {
        const held = state.reservations.get(event.data.orderId) ?? 0;
        const onHand = event.type === 'StockCommitted' ? state.onHand - event.data.quantity : state.onHand;
        return { onHand, reserved: state.reserved - held, reservations: state.reservations.delete(event.data.orderId) };
      }
      default:
        return state;
    }
  },
};

import { describe, expect, it } from 'vitest';
import { available, inventoryDecider, type InventoryEvent } from '../../src/domain/inventory';
import { given } from './given-when-then';

const received = (onHand: number, delta = onHand): InventoryEvent => ({
  type: 'StockAdjusted',
  data: { delta, reason: 'received', onHand },
});
const reserved = (orderId: string, quantity: number): InventoryEvent => ({
  type: 'StockReserved',
  data: { orderId, quantity },
});

describe('inventory', () => {
  it('receives stock', () => {
    given(inventoryDecider)
      .when({ type: 'AdjustStock', delta: 10, reason: ' received ' })
      .then([{ type: 'StockAdjusted', data: { delta: 10, reason: 'received', onHand: 10 } }]);
  });

  it('never goes below what is reserved', () => {
    given(inventoryDecider, [received(5), reserved('o1', 3)])
      .when({ type: 'AdjustStock', delta: -3, reason: 'damaged' })
      .thenThrows('ValidationError', /below what is reserved/);
    given(inventoryDecider, [received(5), reserved('o1', 3)])
      .when({ type: 'AdjustStock', delta: -2, reason: 'damaged' })
      .then([{ type: 'StockAdjusted', data: { delta: -2, reason: 'damaged', onHand: 3 } }]);
  });

  it('refuses a zero or fractional delta and an empty reason', () => {
    given(inventoryDecider).when({ type: 'AdjustStock', delta: 0, reason: 'x' }).thenThrows('ValidationError', /delta/);
    given(inventoryDecider).when({ type: 'AdjustStock', delta: 1.5, reason: 'x' }).thenThrows('ValidationError', /delta/);
    given(inventoryDecider).when({ type: 'AdjustStock', delta: 1, reason: ' ' }).thenThrows('ValidationError', /reason/);
  });

  it('reserves per order and never oversells', () => {
    const state = given(inventoryDecider, [received(3)])
      .when({ type: 'ReserveStock', orderId: 'o1', quantity: 2 })
      .then([reserved('o1', 2)]);
    expect(available(state)).toBe(1);
    given(inventoryDecider, [received(3), reserved('o1', 2)])
      .when({ type: 'ReserveStock', orderId: 'o2', quantity: 2 })
      .thenThrows('OutOfStock', /only 1 left/);
  });

  it('reserving again for the same order changes nothing', () => {
    given(inventoryDecider, [received(3), reserved('o1', 2)]).when({ type: 'ReserveStock', orderId: 'o1', quantity: 2 }).then([]);
  });

  it('releases a reservation once', () => {
    const state = given(inventoryDecider, [received(3), reserved('o1', 2)])
      .when({ type: 'ReleaseStock', orderId: 'o1', reason: 'payment declined' })
      .then([{ type: 'StockReleased', data: { orderId: 'o1', quantity: 2, reason: 'payment declined' } }]);
    expect(available(state)).toBe(3);
    given(inventoryDecider, [received(3)]).when({ type: 'ReleaseStock', orderId: 'o1', reason: 'x' }).then([]);
  });

  it('commits a reservation into a deduction', () => {
    const state = given(inventoryDecider, [received(3), reserved('o1', 2)])
      .when({ type: 'CommitStock', orderId: 'o1' })
      .then([{ type: 'StockCommitted', data: { orderId: 'o1', quantity: 2 } }]);
    expect(state.onHand).toBe(1);
    expect(available(state)).toBe(1);
    given(inventoryDecider, [received(3), reserved('o1', 2), { type: 'StockCommitted', data: { orderId: 'o1', quantity: 2 } }])
      .when({ type: 'CommitStock', orderId: 'o1' })
      .then([]);
  });
});

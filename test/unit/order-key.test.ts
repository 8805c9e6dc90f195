import { describe, expect, it } from 'vitest';
import { orderKeyDecider } from '../../src/domain/order-key';
import { newOrderId, orderKeyOf } from '../../src/app/checkout/order-id';
import { orderNumber } from '../../src/web/format/order-number';
import { given } from './given-when-then';

describe('a placeOrder idempotency key', () => {
  it('is claimed once, for the first order id it is given', () => {
    given(orderKeyDecider).when({ type: 'ClaimOrderKey', orderId: 'o1' }).then([{ type: 'OrderKeyClaimed', data: { orderId: 'o1' } }]);
  });

  it('claimed already: a second claim records nothing and the key keeps naming the first order', () => {
    const claimed = given(orderKeyDecider, [{ type: 'OrderKeyClaimed', data: { orderId: 'o1' } }]);
    expect(claimed.when({ type: 'ClaimOrderKey', orderId: 'o2' }).then([])).toEqual({ orderId: 'o1' });
  });

  it('needs an order id', () => {
    given(orderKeyDecider).when({ type: 'ClaimOrderKey', orderId: '' }).thenThrows('ValidationError', /orderId/);
  });

  it("names one stream per customer and key, another customer's same key another", () => {
    expect(orderKeyOf('alice-sub', 'key-1').stream).toBe(orderKeyOf('alice-sub', 'key-1').stream);
    expect(orderKeyOf('alice-sub', 'key-1').stream).not.toBe(orderKeyOf('bob-sub', 'key-1').stream);
    expect(orderKeyOf('alice-sub', 'key-1').stream).toMatch(/^orderkey-[0-9a-f]{32}$/);
  });
});

describe('order ids', () => {
  it('sort in the order they were made, from one millisecond to the next', async () => {
    const first = newOrderId();
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = newOrderId();
    expect(first).toMatch(/^[0-9a-f]{24}$/);
    expect(second > first).toBe(true);
    expect(second.slice(0, 12) > first.slice(0, 12)).toBe(true);
  });

  it('differ within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, newOrderId));
    expect(ids.size).toBe(1000);
  });

  it('give the orders of one minute different short order numbers (what the pages show)', () => {
    const numbers = new Set(Array.from({ length: 100 }, () => orderNumber(newOrderId())));
    expect(numbers.size).toBe(100);
    expect([...numbers].every((n) => /^[0-9a-f]{8}$/.test(n))).toBe(true);
  });
});

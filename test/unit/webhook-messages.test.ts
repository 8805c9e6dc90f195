import { describe, expect, it } from 'vitest';
import { isDomainError, type ErrorType } from '../../src/domain/errors';
import type { ShipmentEvent } from '../../src/domain/shipment';
import { readWarehouseReport, warehouseWebhookFor } from '../../src/app/fulfilment/warehouse-messages';
import { sign } from '../../src/app/fulfilment/webhook-signature';

const url = 'https://wms.example.com/hooks/marquee';
const address = { name: 'Alice', line1: '1 Main St', city: 'Tokyo', postalCode: '100-0001', country: 'JP' };
const lines = [{ sku: 'MUG', title: 'Mug', quantity: 1 }];
const secret = 'shared';
const now = new Date('2026-11-25T10:00:00Z');

const signed = (report: unknown, at = now) => {
  const rawBody = JSON.stringify(report);
  return { rawBody, signatureHeader: sign(rawBody, secret, at) };
};

function errorTypeOf(fn: () => unknown): ErrorType {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e)) return e.errorType;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('outbound warehouse messages', () => {
  it('turns an instruction into a webhook keyed by shipment id and kind, without the customer id', () => {
    const event: ShipmentEvent = {
      type: 'ShipmentInstructed',
      data: { shipmentId: 's1', orderId: 'o1', customerId: 'alice-sub', address, lines },
    };
    const hook = warehouseWebhookFor(event, url, '2026-11-25T10:00:00.000Z');
    expect(hook).toEqual({
      id: 's1.instructed',
      url,
      body: {
        type: 'shipment.instructed',
        version: 1,
        occurredAt: '2026-11-25T10:00:00.000Z',
        shipmentId: 's1',
        orderId: 'o1',
        address,
        lines,
      },
    });
    expect(JSON.stringify(hook)).not.toContain('alice-sub');
  });

  it('tells the warehouse about a cancellation under its own key', () => {
    const event: ShipmentEvent = { type: 'ShipmentCancelled', data: { shipmentId: 's1', orderId: 'o1', reason: 'changed mind' } };
    const hook = warehouseWebhookFor(event, url, 'T');
    expect(hook?.id).toBe('s1.cancelled');
    expect(hook?.body).toMatchObject({ type: 'shipment.cancelled', shipmentId: 's1', reason: 'changed mind' });
  });

  it("does not echo the warehouse's own reports back to it", () => {
    const event: ShipmentEvent = { type: 'ShipmentAcknowledged', data: { shipmentId: 's1', orderId: 'o1' } };
    expect(warehouseWebhookFor(event, url, 'T')).toBeUndefined();
  });
});

describe('inbound warehouse reports', () => {
  it('maps acknowledged / shipped / delivered to shipment commands with idempotency keys', () => {
    expect(readWarehouseReport(signed({ type: 'shipment.acknowledged', shipmentId: 's1' }), secret, now)).toEqual({
      shipmentId: 's1',
      command: { type: 'AcknowledgeShipment' },
      idempotencyKey: 'warehouse:s1.acknowledged',
    });
    expect(
      readWarehouseReport(
        signed({ type: 'shipment.shipped', shipmentId: 's1', carrier: 'Yamato', trackingNumber: 'T-1' }),
        secret,
        now,
      ),
    ).toEqual({
      shipmentId: 's1',
      command: { type: 'ShipShipment', carrier: 'Yamato', trackingNumber: 'T-1' },
      idempotencyKey: 'warehouse:s1.shipped',
    });
    expect(readWarehouseReport(signed({ type: 'shipment.delivered', shipmentId: 's1' }), secret, now).command).toEqual({
      type: 'MarkDelivered',
    });
  });

  it('checks the signature before reading the body', () => {
    const forged = { rawBody: 'not json at all', signatureHeader: sign('something else', secret, now) };
    expect(errorTypeOf(() => readWarehouseReport(forged, secret, now))).toBe('Unauthorized');
    expect(errorTypeOf(() => readWarehouseReport({ rawBody: '{}', signatureHeader: undefined }, secret, now))).toBe(
      'Unauthorized',
    );
  });

  it('refuses a stale report', () => {
    const old = signed({ type: 'shipment.acknowledged', shipmentId: 's1' }, new Date(now.getTime() - 10 * 60_000));
    expect(errorTypeOf(() => readWarehouseReport(old, secret, now))).toBe('Unauthorized');
  });

  it.each([
    ['not JSON', 'nope'],
    ['an unknown type', JSON.stringify({ type: 'shipment.lost', shipmentId: 's1' })],
    ['no shipment id', JSON.stringify({ type: 'shipment.acknowledged' })],
    ['shipped without tracking', JSON.stringify({ type: 'shipment.shipped', shipmentId: 's1', carrier: 'X' })],
  ])('refuses a correctly signed body with %s as ValidationError', (_name, rawBody) => {
    const request = { rawBody, signatureHeader: sign(rawBody, secret, now) };
    expect(errorTypeOf(() => readWarehouseReport(request, secret, now))).toBe('ValidationError');
  });
});

import { describe, expect, it } from 'vitest';
import {
  SHIPMENT_TRANSITIONS,
  shipmentDecider,
  shipmentStream,
  type ShipmentCommand,
  type ShipmentEvent,
  type ShipmentStatus,
} from '../../src/domain/shipment';
import { given } from './given-when-then';

const address = { name: 'Alice Example', line1: '1-2-3 Shibuya', city: 'Tokyo', postalCode: '150-0002', country: 'JP' };
const lines = [{ sku: 'TSHIRT-M', title: 'Marquee T-shirt (M)', quantity: 2 }];
const ids = { shipmentId: 's1', orderId: 'o1' };

const create: ShipmentCommand = { type: 'CreateShipment', shipmentId: 's1', orderId: 'o1', customerId: 'alice', address, lines };
const instructed: ShipmentEvent = {
  type: 'ShipmentInstructed',
  data: { shipmentId: 's1', orderId: 'o1', customerId: 'alice', address, lines },
};
const acknowledged: ShipmentEvent = { type: 'ShipmentAcknowledged', data: ids };
const shipped: ShipmentEvent = {
  type: 'ShipmentShipped',
  data: { ...ids, carrier: 'Yamato', trackingNumber: '1234-5678' },
};
const delivered: ShipmentEvent = { type: 'ShipmentDelivered', data: ids };
const cancelled: ShipmentEvent = { type: 'ShipmentCancelled', data: { ...ids, reason: 'order cancelled' } };

const ship: ShipmentCommand = { type: 'ShipShipment', carrier: 'Yamato', trackingNumber: '1234-5678' };
const cancel: ShipmentCommand = { type: 'CancelShipment', reason: 'order cancelled' };

describe('shipment aggregate', () => {
  it('lives on stream shipment-<id>', () => {
    expect(shipmentStream('s1')).toBe('shipment-s1');
  });

  describe('CreateShipment', () => {
    it('instructs the warehouse with address and lines', () => {
      const state = given(shipmentDecider, []).when(create).then([instructed]);
      expect(state).toMatchObject({ status: 'INSTRUCTED', orderId: 'o1', customerId: 'alice', address, lines });
    });

    it('trims text and drops empty optional address fields', () => {
      const padded: ShipmentCommand = {
        ...create,
        address: { ...address, name: '  Alice Example ', line2: '', region: '' },
      } as ShipmentCommand;
      given(shipmentDecider, []).when(padded).then([instructed]);
    });

    it('is idempotent for the same order', () => {
      given(shipmentDecider, [instructed]).when(create).then([]);
    });

    it('refuses to reuse a shipment id for another order', () => {
      given(shipmentDecider, [instructed])
        .when({ ...create, orderId: 'o2' })
        .thenThrows('Conflict', /already belongs to order o1/);
    });

    it.each([
      ['no lines', { lines: [] }, /at least one line/],
      ['zero quantity', { lines: [{ sku: 'A', title: 'A', quantity: 0 }] }, /quantity/],
      ['fractional quantity', { lines: [{ sku: 'A', title: 'A', quantity: 1.5 }] }, /quantity/],
      ['blank sku', { lines: [{ sku: ' ', title: 'A', quantity: 1 }] }, /sku/],
      ['blank city', { address: { ...address, city: '' } }, /address\.city/],
      ['missing address', { address: undefined }, /address is required/],
      ['blank order id', { orderId: '' }, /orderId/],
    ])('refuses %s', (_name, change, message) => {
      given(shipmentDecider, [])
        .when({ ...create, ...change } as ShipmentCommand)
        .thenThrows('ValidationError', message);
    });
  });

  describe('the warehouse moves it along', () => {
    it('acknowledges an instruction', () => {
      const state = given(shipmentDecider, [instructed]).when({ type: 'AcknowledgeShipment' }).then([acknowledged]);
      expect(state.status).toBe('ACKNOWLEDGED');
    });

    it('ships with carrier and tracking number', () => {
      const state = given(shipmentDecider, [instructed, acknowledged]).when(ship).then([shipped]);
      expect(state).toMatchObject({ status: 'SHIPPED', carrier: 'Yamato', trackingNumber: '1234-5678' });
    });

    it('may ship without a separate acknowledgement (external systems send only the dispatch notice)', () => {
      given(shipmentDecider, [instructed]).when(ship).then([shipped]);
    });

    it('trims carrier and tracking number', () => {
      given(shipmentDecider, [instructed])
        .when({ type: 'ShipShipment', carrier: ' Yamato ', trackingNumber: '1234-5678\n' })
        .then([shipped]);
    });

    it.each([
      ['blank carrier', { carrier: '   ' }, /carrier/],
      ['blank tracking number', { trackingNumber: '' }, /trackingNumber/],
      ['tracking number over 64 characters', { trackingNumber: 'X'.repeat(65) }, /trackingNumber must be 1-64/],
      ['carrier over 64 characters', { carrier: 'C'.repeat(65) }, /carrier must be 1-64/],
    ])('refuses %s', (_name, change, message) => {
      given(shipmentDecider, [instructed])
        .when({ ...ship, ...change } as ShipmentCommand)
        .thenThrows('ValidationError', message);
    });

    it('accepts a tracking number of exactly 64 characters', () => {
      const trackingNumber = 'T'.repeat(64);
      given(shipmentDecider, [instructed])
        .when({ type: 'ShipShipment', carrier: 'DHL', trackingNumber })
        .then([{ type: 'ShipmentShipped', data: { ...ids, carrier: 'DHL', trackingNumber } }]);
    });

    it('marks a shipped shipment delivered', () => {
      const state = given(shipmentDecider, [instructed, shipped]).when({ type: 'MarkDelivered' }).then([delivered]);
      expect(state.status).toBe('DELIVERED');
    });
  });

  describe('repeats are no-ops', () => {
    it.each<[string, ShipmentEvent[], ShipmentCommand]>([
      ['acknowledge twice', [instructed, acknowledged], { type: 'AcknowledgeShipment' }],
      ['acknowledge after shipping (a late report)', [instructed, shipped], { type: 'AcknowledgeShipment' }],
      ['ship twice with the same tracking', [instructed, shipped], ship],
      ['ship again after delivery', [instructed, shipped, delivered], ship],
      ['deliver twice', [instructed, shipped, delivered], { type: 'MarkDelivered' }],
      ['cancel twice', [instructed, cancelled], cancel],
    ])('%s', (_name, history, command) => {
      given(shipmentDecider, history).when(command).then([]);
    });
  });

  describe('out-of-order moves are refused', () => {
    it('refuses a different tracking number once shipped', () => {
      given(shipmentDecider, [instructed, shipped])
        .when({ type: 'ShipShipment', carrier: 'Sagawa', trackingNumber: '999' })
        .thenThrows('Conflict', /already shipped with Yamato 1234-5678/);
    });

    it('refuses to mark delivered before shipping', () => {
      given(shipmentDecider, [instructed, acknowledged])
        .when({ type: 'MarkDelivered' })
        .thenThrows('Conflict', /has not shipped yet/);
    });

    it('cancels before shipment', () => {
      given(shipmentDecider, [instructed]).when(cancel).then([cancelled]);
      given(shipmentDecider, [instructed, acknowledged]).when(cancel).then([cancelled]);
    });

    it('refuses to cancel once shipped', () => {
      given(shipmentDecider, [instructed, shipped])
        .when(cancel)
        .thenThrows('Conflict', 'shipment s1 has already shipped: it can no longer be cancelled');
    });

    it('refuses to cancel once delivered', () => {
      given(shipmentDecider, [instructed, shipped, delivered]).when(cancel).thenThrows('Conflict', /been delivered/);
    });

    it.each<[string, ShipmentCommand, RegExp]>([
      ['acknowledge', { type: 'AcknowledgeShipment' }, /cancelled: it cannot be acknowledged/],
      ['ship', ship, /cancelled: it cannot be shipped/],
      ['deliver', { type: 'MarkDelivered' }, /cancelled: it cannot be marked delivered/],
    ])('refuses to %s a cancelled shipment', (_name, command, message) => {
      given(shipmentDecider, [instructed, cancelled]).when(command).thenThrows('Conflict', message);
    });

    it.each<ShipmentCommand>([{ type: 'AcknowledgeShipment' }, ship, { type: 'MarkDelivered' }, cancel])(
      'refuses $type on a shipment that does not exist',
      (command) => {
        given(shipmentDecider, []).when(command).thenThrows('NotFound', /no such shipment/);
      },
    );

    it('requires a cancellation reason', () => {
      given(shipmentDecider, [instructed]).when({ type: 'CancelShipment', reason: '' }).thenThrows('ValidationError');
    });
  });

  it('the transition table is what decide enforces', () => {
    const histories: Record<ShipmentStatus, ShipmentEvent[]> = {
      INSTRUCTED: [instructed],
      ACKNOWLEDGED: [instructed, acknowledged],
      SHIPPED: [instructed, shipped],
      DELIVERED: [instructed, shipped, delivered],
      CANCELLED: [instructed, cancelled],
    };
    const commandTo: Partial<Record<ShipmentStatus, ShipmentCommand>> = {
      ACKNOWLEDGED: { type: 'AcknowledgeShipment' },
      SHIPPED: ship,
      DELIVERED: { type: 'MarkDelivered' },
      CANCELLED: cancel,
    };
    for (const [from, history] of Object.entries(histories) as [ShipmentStatus, ShipmentEvent[]][]) {
      for (const [to, command] of Object.entries(commandTo) as [ShipmentStatus, ShipmentCommand][]) {
        const allowed = SHIPMENT_TRANSITIONS[from].includes(to);
        let produced: ShipmentEvent[] = [];
        try {
          produced = shipmentDecider.decide(command, given(shipmentDecider, history).state);
        } catch {
          produced = [];
        }
        expect(produced.length > 0, `${from} -> ${to}`).toBe(allowed);
      }
    }
  });
});

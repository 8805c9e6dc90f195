import type { Decider, DomainEvent } from './decider';
import { conflict, notFound, validation } from './errors';

/**
 * A shipping instruction for the physical lines of one order, stream `shipment-<id>`.
 * Created by checkout, then moved along by the warehouse (console or webhook).
 */
export type ShipmentStatus = 'INSTRUCTED' | 'ACKNOWLEDGED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

export interface ShippingAddress {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly region?: string;
  readonly postalCode: string;
  readonly country: string;
}

export interface ShipmentLine {
  readonly sku: string;
  readonly title: string;
  readonly quantity: number;
}

export interface ShipmentState {
  /** undefined until the shipment has been instructed. */
  readonly status: ShipmentStatus | undefined;
  readonly shipmentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly address: ShippingAddress | undefined;
  readonly lines: readonly ShipmentLine[];
  readonly carrier?: string;
  readonly trackingNumber?: string;
  readonly cancelReason?: string;
}

export type ShipmentCommand =
  | {
      type: 'CreateShipment';
      shipmentId: string;
      orderId: string;
      customerId: string;
      address: ShippingAddress;
      lines: readonly ShipmentLine[];
    }
  | { type: 'AcknowledgeShipment' }
  | { type: 'ShipShipment'; carrier: string; trackingNumber: string }
  | { type: 'MarkDelivered' }
  | { type: 'CancelShipment'; reason: string };

/** Every event carries orderId so that order projections need not load the shipment stream. */
export type ShipmentEvent =
  | DomainEvent<
      'ShipmentInstructed',
      {
        shipmentId: string;
        orderId: string;
        customerId: string;
        address: ShippingAddress;
        lines: ShipmentLine[];
      }
    >
  | DomainEvent<'ShipmentAcknowledged', { shipmentId: string; orderId: string }>
  | DomainEvent<'ShipmentShipped', { shipmentId: string; orderId: string; carrier: string; trackingNumber: string }>
  | DomainEvent<'ShipmentDelivered', { shipmentId: string; orderId: string }>
  | DomainEvent<'ShipmentCancelled', { shipmentId: string; orderId: string; reason: string }>;

export const shipmentStream = (shipmentId: string) => `shipment-${shipmentId}`;

/**
 * The allowed moves. A warehouse may report "shipped" without acknowledging first
 * (an external system often only sends the dispatch notice), so INSTRUCTED -> SHIPPED is allowed.
 */
export const SHIPMENT_TRANSITIONS: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> = {
  INSTRUCTED: ['ACKNOWLEDGED', 'SHIPPED', 'CANCELLED'],
  ACKNOWLEDGED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

/** Position on the happy path; a command whose target is already behind us is a late repeat. */
const PROGRESS: Readonly<Record<ShipmentStatus, number>> = {
  INSTRUCTED: 0,
  ACKNOWLEDGED: 1,
  SHIPPED: 2,
  DELIVERED: 3,
  CANCELLED: -1,
};

export const canTransition = (from: ShipmentStatus, to: ShipmentStatus): boolean =>
  SHIPMENT_TRANSITIONS[from].includes(to);

const VERB: Readonly<Record<ShipmentStatus, string>> = {
  INSTRUCTED: 'instructed',
  ACKNOWLEDGED: 'acknowledged',
  SHIPPED: 'shipped',
  DELIVERED: 'marked delivered',
  CANCELLED: 'cancelled',
};

function refusal(state: ShipmentState, to: ShipmentStatus) {
  const from = state.status as ShipmentStatus;
  const id = state.shipmentId;
  const details = { shipmentId: id, status: from, requested: to };
  if (from === 'CANCELLED') return conflict(`shipment ${id} is cancelled: it cannot be ${VERB[to]}`, details);
  if (to === 'CANCELLED')
    return conflict(`shipment ${id} has already ${from === 'DELIVERED' ? 'been delivered' : 'shipped'}: it can no longer be cancelled`, details);
  if (to === 'DELIVERED') return conflict(`shipment ${id} has not shipped yet: it cannot be marked delivered`, details);
  return conflict(`shipment ${id} is ${from}: it cannot be ${VERB[to]}`, details);
}

/**
 * Decides whether moving to `to` is new work ("go"), already done ("done"), or refused (throws).
 * Repeats and late repeats (acknowledging a shipment that has already shipped) are "done".
 */
function transition(state: ShipmentState, to: ShipmentStatus): 'go' | 'done' {
  if (state.status === undefined) throw notFound('no such shipment');
  const from = state.status;
  if (from === to) return 'done';
  if (canTransition(from, to)) return 'go';
  if (from !== 'CANCELLED' && to !== 'CANCELLED' && PROGRESS[from] > PROGRESS[to]) return 'done';
  throw refusal(state, to);
}

const MAX_TEXT = 200;
const MAX_LINES = 100;

function requireText(value: unknown, field: string, max = MAX_TEXT): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max)
    throw validation(`${field} must be 1-${max} characters`, { field });
  return value.trim();
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return requireText(value, field);
}

function validAddress(address: ShippingAddress | undefined): ShippingAddress {
  if (!address || typeof address !== 'object') throw validation('a shipping address is required', { field: 'address' });
  const line2 = optionalText(address.line2, 'address.line2');
  const region = optionalText(address.region, 'address.region');
  return {
    name: requireText(address.name, 'address.name'),
    line1: requireText(address.line1, 'address.line1'),
    ...(line2 === undefined ? {} : { line2 }),
    city: requireText(address.city, 'address.city'),
    ...(region === undefined ? {} : { region }),
    postalCode: requireText(address.postalCode, 'address.postalCode', 32),
    country: requireText(address.country, 'address.country', 64),
  };
}

function validLines(lines: readonly ShipmentLine[]): ShipmentLine[] {
  if (!Array.isArray(lines) || lines.length === 0) throw validation('a shipment needs at least one line', { field: 'lines' });
  if (lines.length > MAX_LINES) throw validation(`a shipment has at most ${MAX_LINES} lines`, { field: 'lines' });
  return lines.map((line, i) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
      throw validation(`lines[${i}].quantity must be a whole number of at least 1`, { field: `lines[${i}].quantity` });
    return {
      sku: requireText(line.sku, `lines[${i}].sku`, 64),
      title: requireText(line.title, `lines[${i}].title`),
      quantity: line.quantity,
    };
  });
}

const TRACKING_MAX = 64;

const initialState: ShipmentState = {
  status: undefined,
  shipmentId: '',
  orderId: '',
  customerId: '',
  address: undefined,
  lines: [],
};

export const shipmentDecider: Decider<ShipmentCommand, ShipmentState, ShipmentEvent> = {
  initialState,
  decide(command, state) {
    switch (command.type) {
      case 'CreateShipment': {
        const shipmentId = requireText(command.shipmentId, 'shipmentId', 128);
        const orderId = requireText(command.orderId, 'orderId', 128);
        const customerId = requireText(command.customerId, 'customerId', 128);
        const address = validAddress(command.address);
        const lines = validLines(command.lines);
        if (state.status !== undefined) {
          if (state.orderId === orderId) return [];
          throw conflict(`shipment ${state.shipmentId} already belongs to order ${state.orderId}`, { shipmentId });
        }
        return [{ type: 'ShipmentInstructed', data: { shipmentId, orderId, customerId, address, lines } }];
      }
      case 'AcknowledgeShipment':
        return transition(state, 'ACKNOWLEDGED') === 'done'
          ? []
          : [{ type: 'ShipmentAcknowledged', data: { shipmentId: state.shipmentId, orderId: state.orderId } }];
      case 'ShipShipment': {
        const carrier = requireText(command.carrier, 'carrier', TRACKING_MAX);
        const trackingNumber = requireText(command.trackingNumber, 'trackingNumber', TRACKING_MAX);
        const step = transition(state, 'SHIPPED');
        if (step === 'done') {
          if (state.status === 'SHIPPED' || state.status === 'DELIVERED') {
            if (state.carrier !== carrier || state.trackingNumber !== trackingNumber)
              throw conflict(
                `shipment ${state.shipmentId} has already shipped with ${state.carrier} ${state.trackingNumber}`,
                { shipmentId: state.shipmentId, carrier: state.carrier, trackingNumber: state.trackingNumber },
              );
          }
          return [];
        }
        return [
          {
            type: 'ShipmentShipped',
            data: { shipmentId: state.shipmentId, orderId: state.orderId, carrier, trackingNumber },
          },
        ];
      }
      case 'MarkDelivered':
        return transition(state, 'DELIVERED') === 'done'
          ? []
          : [{ type: 'ShipmentDelivered', data: { shipmentId: state.shipmentId, orderId: state.orderId } }];
      case 'CancelShipment': {
        const reason = requireText(command.reason, 'reason');
        return transition(state, 'CANCELLED') === 'done'
          ? []
          : [{ type: 'ShipmentCancelled', data: { shipmentId: state.shipmentId, orderId: state.orderId, reason } }];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ShipmentInstructed':
        return { ...state, ...event.data, status: 'INSTRUCTED' };
      case 'ShipmentAcknowledged':
        return { ...state, status: 'ACKNOWLEDGED' };
      case 'ShipmentShipped':
        return { ...state, status: 'SHIPPED', carrier: event.data.carrier, trackingNumber: event.data.trackingNumber };
      case 'ShipmentDelivered':
        return { ...state, status: 'DELIVERED' };
      case 'ShipmentCancelled':
        return { ...state, status: 'CANCELLED', cancelReason: event.data.reason };
      default:
        return state;
    }
  },
};

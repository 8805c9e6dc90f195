import type { Decider, DomainEvent } from './decider';
import { conflict, validation } from './errors';
import type { Money } from './money';
import { assertPaymentMethodId, totalLines, validAddress, type OrderLine, type PricedLine } from './order-placement';
import { canTransition, type FailureReason, type OrderStatus } from './order-status';
import type { ShippingAddress } from './shipment';

export type { OrderLine, PricedLine } from './order-placement';

/**
 * One order, stream `order-<id>`. Checkout's workflow tasks record each step here before or
 * after acting, so every task can tell what is already done and skip it.
 */
export { ORDER_TRANSITIONS, canTransition, type FailureReason, type OrderStatus } from './order-status';

export interface OrderState {
  readonly exists: boolean;
  readonly orderId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly total: Money;
  readonly shippingAddress?: ShippingAddress;
  readonly paymentMethodId: string;
  readonly reserved: boolean;
  readonly reservationFailed: boolean;
  readonly paymentId?: string;
  readonly declined: boolean;
  readonly paymentVoided: boolean;
  readonly confirmed: boolean;
  readonly confirmationSent: boolean;
  readonly entitlementsGranted: boolean;
  readonly shipmentId?: string;
  readonly failureReason?: FailureReason;
  readonly refundIds: readonly string[];
  /** Minor units refunded so far. */
  readonly refunded: number;
}

export type OrderCommand =
  | {
      type: 'PlaceOrder';
      orderId: string;
      customerId: string;
      customerName: string;
      lines: readonly PricedLine[];
      shippingAddress?: ShippingAddress | null;
      paymentMethodId: string;
    }
  | { type: 'RecordStockReserved' }
  | { type: 'RecordReservationFailed'; sku: string; requested: number; available: number }
  | { type: 'RecordPaymentAuthorized'; paymentId: string }
  | { type: 'RecordPaymentDeclined'; code: string; message: string }
  | { type: 'RecordPaymentVoided' }
  | { type: 'ConfirmOrder'; amountCaptured: number }
  | { type: 'RecordConfirmationSent'; messageId: string }
  | { type: 'RecordEntitlementsGranted'; videoIds: readonly string[] }
  | { type: 'RecordShipmentRequested'; shipmentId: string }
  | { type: 'RecordShipped'; shipmentId: string; carrier: string; trackingNumber: string }
  | { type: 'RecordDelivered'; shipmentId: string }
  | { type: 'FailOrder'; reason: FailureReason; detail: string }
  | { type: 'CancelOrder'; reason: string }
  | { type: 'RefundOrder'; reason: string }
  | { type: 'RecordRefund'; refundId: string; amount: Money };

type Placed = {
  orderId: string;
  customerId: string;
  customerName: string;
  lines: OrderLine[];
  total: Money;
  shippingAddress?: ShippingAddress;
  paymentMethodId: string;
};

export type OrderEvent =
  | DomainEvent<'OrderPlaced', Placed>
  | DomainEvent<'StockReserved', { lines: { sku: string; quantity: number }[] }>
  | DomainEvent<'ReservationFailed', { sku: string; requested: number; available: number }>
  | DomainEvent<'PaymentAuthorized', { paymentId: string; amount: Money }>
  | DomainEvent<'PaymentDeclined', { code: string; message: string }>
  | DomainEvent<'PaymentVoided', { paymentId: string }>
  | DomainEvent<'OrderConfirmed', { paymentId: string; captured: Money; units: number }>
  | DomainEvent<'ConfirmationSent', { messageId: string }>
  | DomainEvent<'EntitlementsGranted', { videoIds: string[] }>
  | DomainEvent<'ShipmentRequested', { shipmentId: string }>
  | DomainEvent<'OrderShipped', { shipmentId: string; carrier: string; trackingNumber: string }>
  | DomainEvent<'OrderDelivered', { shipmentId: string }>
  | DomainEvent<'OrderFailed', { reason: FailureReason; detail: string }>
  | DomainEvent<'OrderCancelled', { reason: string; wasPaid: boolean }>
  | DomainEvent<'OrderRefunded', { reason: string }>
  | DomainEvent<'PaymentRefunded', { refundId: string; amount: Money }>;

export const orderStream = (orderId: string) => `order-${orderId}`;
export const ORDER_STREAM_PREFIX = 'order-';

export const hasPhysicalLines = (s: Pick<OrderState, 'lines'>) => s.lines.some((l) => l.kind === 'PHYSICAL');
export const grantedVideoIds = (s: Pick<OrderState, 'lines'>) => [...new Set(s.lines.flatMap((l) => l.grantsVideoIds))];
/** Confirmed and not (yet) undone: the money was taken. */
export const isPaid = (s: OrderState) => s.confirmed && s.status !== 'CANCELLED' && s.status !== 'REFUNDED';

const initialState: OrderState = {
  exists: false,
  orderId: '',
  customerId: '',
  customerName: '',
  status: 'PLACED',
  lines: [],
  total: { amount: 0, currency: 'JPY' },
  paymentMethodId: '',
  reserved: false,
  reservationFailed: false,
  declined: false,
  paymentVoided: false,
  confirmed: false,
  confirmationSent: false,
  entitlementsGranted: false,
  refundIds: [],
  refunded: 0,
};

function requireText(value: unknown, field: string, max = 200): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max)
    throw validation(`${field} must be 1-${max} characters`, { field });
  return value.trim();
}

/** A step of checkout that only makes sense while the order is still being placed. */
function whilePlacing(state: OrderState, step: string): void {
  if (!state.exists) throw conflict(`order does not exist: cannot ${step}`);
  if (state.status !== 'PLACED') throw conflict(`order ${state.orderId} is ${state.status}: cannot ${step}`, { status: state.status });
}

/** A step after confirmation (a side effect of a paid order). */
function whilePaid(state: OrderState, step: string): void {
  if (!state.confirmed || !isPaid(state))
    throw conflict(`order ${state.orderId} is ${state.status}: cannot ${step}`, { status: state.status });
}

/** The order moves with its own shipment only, along the transition table. */
function followShipment(state: OrderState, shipmentId: string, to: OrderStatus): void {
  if (!state.shipmentId || state.shipmentId !== shipmentId)
    throw conflict(`shipment ${shipmentId} does not belong to order ${state.orderId}`);
  if (!canTransition(state.status, to))
    throw conflict(`order ${state.orderId} is ${state.status}: it cannot become ${to}`, { status: state.status });
}

function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder': {
      if (state.exists) return [];
      const orderId = requireText(command.orderId, 'orderId', 128);
      const customerId = requireText(command.customerId, 'customerId', 128);
      const { lines, total } = totalLines(command.lines);
      assertPaymentMethodId(command.paymentMethodId);
      const physical = lines.some((l) => l.kind === 'PHYSICAL');
      const address = physical ? validAddress(command.shippingAddress) : undefined;
      const data: Placed = {
        orderId,
        customerId,
        customerName: typeof command.customerName === 'string' ? command.customerName.slice(0, 200) : '',
        lines,
        total,
        ...(address ? { shippingAddress: address } : {}),
        paymentMethodId: command.paymentMethodId,
      };
      return [{ type: 'OrderPlaced', data }];
    }
    case 'RecordStockReserved':
      if (state.reserved) return [];
      whilePlacing(state, 'reserve stock');
      return [{ type: 'StockReserved', data: { lines: state.lines.map(({ sku, quantity }) => ({ sku, quantity })) } }];
    case 'RecordReservationFailed': {
      if (state.reservationFailed) return [];
      whilePlacing(state, 'record a failed reservation');
      const { sku, requested, available } = command;
      return [{ type: 'ReservationFailed', data: { sku, requested, available } }];
    }
    case 'RecordPaymentAuthorized':
      if (state.paymentId === command.paymentId) return [];
      whilePlacing(state, 'authorize payment');
      if (state.paymentId) throw conflict(`order ${state.orderId} already has payment ${state.paymentId}`);
      if (!state.reserved) throw conflict(`order ${state.orderId}: stock must be reserved before payment`);
      return [{ type: 'PaymentAuthorized', data: { paymentId: requireText(command.paymentId, 'paymentId'), amount: state.total } }];
    case 'RecordPaymentDeclined':
      if (state.declined) return [];
      whilePlacing(state, 'record a declined payment');
      return [{ type: 'PaymentDeclined', data: { code: command.code, message: command.message } }];
    case 'RecordPaymentVoided':
      if (state.paymentVoided || !state.paymentId) return [];
      return [{ type: 'PaymentVoided', data: { paymentId: state.paymentId } }];
    case 'ConfirmOrder':
      if (state.confirmed) return [];
      whilePlacing(state, 'confirm');
      if (!state.reserved || !state.paymentId) throw conflict(`order ${state.orderId} is not reserved and authorized yet`);
      const units = state.lines.reduce((n, l) => n + l.quantity, 0);
      return [{ type: 'OrderConfirmed', data: { paymentId: state.paymentId, captured: { amount: command.amountCaptured, currency: state.total.currency }, units } }];
    case 'RecordConfirmationSent':
      if (state.confirmationSent) return [];
      if (!state.confirmed) throw conflict(`order ${state.orderId} is not confirmed`);
      return [{ type: 'ConfirmationSent', data: { messageId: requireText(command.messageId, 'messageId', 500) } }];
    case 'RecordEntitlementsGranted':
      if (state.entitlementsGranted) return [];
      whilePaid(state, 'grant videos');
      return [{ type: 'EntitlementsGranted', data: { videoIds: [...command.videoIds] } }];
    case 'RecordShipmentRequested':
      if (state.shipmentId === command.shipmentId) return [];
      whilePaid(state, 'request a shipment');
      if (state.shipmentId) throw conflict(`order ${state.orderId} already has shipment ${state.shipmentId}`);
      if (!hasPhysicalLines(state)) throw validation(`order ${state.orderId} has nothing to ship`);
      return [{ type: 'ShipmentRequested', data: { shipmentId: requireText(command.shipmentId, 'shipmentId', 200) } }];
    case 'RecordShipped':
      if (state.status === 'SHIPPED' || state.status === 'DELIVERED') return [];
      followShipment(state, command.shipmentId, 'SHIPPED');
      return [{ type: 'OrderShipped', data: { shipmentId: command.shipmentId, carrier: command.carrier, trackingNumber: command.trackingNumber } }];
    case 'RecordDelivered':
      if (state.status === 'DELIVERED') return [];
      followShipment(state, command.shipmentId, 'DELIVERED');
      return [{ type: 'OrderDelivered', data: { shipmentId: command.shipmentId } }];
    case 'FailOrder':
      if (state.status === 'FAILED' || state.status === 'CANCELLED') return [];
      whilePlacing(state, 'fail');
      return [{ type: 'OrderFailed', data: { reason: command.reason, detail: command.detail.slice(0, 500) } }];
    case 'CancelOrder':
      if (state.status === 'CANCELLED') return [];
      if (!state.exists) throw conflict('order does not exist');
      if (!canTransition(state.status, 'CANCELLED'))
        throw conflict(
          state.status === 'SHIPPED' || state.status === 'DELIVERED'
            ? `order ${state.orderId} has already been ${state.status.toLowerCase()}: it can no longer be cancelled (ask for a refund)`
            : `order ${state.orderId} is ${state.status}: it can no longer be cancelled`,
          { status: state.status },
        );
      return [{ type: 'OrderCancelled', data: { reason: requireText(command.reason, 'reason'), wasPaid: state.confirmed } }];
    case 'RefundOrder':
      if (state.status === 'REFUNDED') return [];
      if (!state.exists || !state.confirmed || !canTransition(state.status, 'REFUNDED'))
        throw conflict(`order ${state.orderId} is ${state.status}: only a paid order can be refunded`, { status: state.status });
      return [{ type: 'OrderRefunded', data: { reason: requireText(command.reason, 'reason') } }];
    case 'RecordRefund':
      if (state.refundIds.includes(command.refundId)) return [];
      if (!state.confirmed) throw conflict(`order ${state.orderId} was never paid`);
      return [{ type: 'PaymentRefunded', data: { refundId: requireText(command.refundId, 'refundId'), amount: command.amount } }];
  }
}

function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced':
      return { ...state, ...event.data, exists: true, status: 'PLACED' };
    case 'StockReserved':
      return { ...state, reserved: true };
    case 'ReservationFailed':
      return { ...state, reservationFailed: true };
    case 'PaymentAuthorized':
      return { ...state, paymentId: event.data.paymentId };
    case 'PaymentDeclined':
      return { ...state, declined: true };
    case 'PaymentVoided':
      return { ...state, paymentVoided: true };
    case 'OrderConfirmed':
      return { ...state, confirmed: true, status: 'CONFIRMED' };
    case 'ConfirmationSent':
      return { ...state, confirmationSent: true };
    case 'EntitlementsGranted': {
      const delivered = state.status === 'CONFIRMED' && !hasPhysicalLines(state);
      return { ...state, entitlementsGranted: true, ...(delivered ? { status: 'DELIVERED' as const } : {}) };
    }
    case 'ShipmentRequested':
      return { ...state, shipmentId: event.data.shipmentId, ...(state.status === 'CONFIRMED' ? { status: 'FULFILLING' as const } : {}) };
    case 'OrderShipped':
      return { ...state, status: 'SHIPPED' };
    case 'OrderDelivered':
      return { ...state, status: 'DELIVERED' };
    case 'OrderFailed':
      return { ...state, status: 'FAILED', failureReason: event.data.reason };
    case 'OrderCancelled':
      return { ...state, status: 'CANCELLED' };
    case 'OrderRefunded':
      return { ...state, status: 'REFUNDED' };
    case 'PaymentRefunded':
      return { ...state, refundIds: [...state.refundIds, event.data.refundId], refunded: state.refunded + event.data.amount.amount };
    default:
      return state;
  }
}

export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent> = { initialState, decide, evolve };

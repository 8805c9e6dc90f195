import { validation } from '../domain/errors';
import { assertMoney, type Money } from '../domain/money';

/**
 * The payment gateway as checkout sees it (Stripe in AWS or with STRIPE_SECRET_KEY, the offline gateway
 * otherwise).
 *
 * Capture is MANUAL: AuthorizePayment places a hold, ConfirmOrder captures it — so a failure before
 * confirmation is compensated by `cancel` (the hold is voided, no money ever moves) and `refund` is for
 * paid orders (cancelOrder after confirmation, refundOrder).
 *
 * Every call that changes something takes an idempotency key which the caller derives from the order id
 * (`order-<id>-authorize`, `order-<id>-capture`, …): workflow tasks may run twice, and the same key twice
 * returns the first result and never charges twice. Reusing a key with different parameters is a
 * `DomainError('Conflict')`.
 *
 * Failures:
 * - a card decline is a RESULT (`{ outcome: 'declined' }`), never an exception;
 * - a state that forbids the operation (capture a cancelled payment, cancel a captured one, refund more
 *   than was captured) is `DomainError('Conflict')`; an unknown payment id is `DomainError('NotFound')`;
 *   bad input is `DomainError('ValidationError')`;
 * - a gateway that cannot be reached or answers 5xx/429 throws `PaymentGatewayUnavailable`: transient,
 *   retry with the same idempotency key.
 *
 * Amounts are integer minor units, which is what Stripe expects too (JPY is zero-decimal in both).
 */
export interface Payments {
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>;
  /** Takes the authorized amount. Capturing an already captured payment returns it unchanged. */
  capture(request: PaymentOperation): Promise<Payment>;
  /** Voids an uncaptured authorization. Cancelling a cancelled payment returns it unchanged. */
  cancel(request: PaymentOperation): Promise<Payment>;
  /** Refunds a captured payment, by default everything not yet refunded. */
  refund(request: RefundRequest): Promise<RefundResult>;
  /**
   * The order's payment, for a task that must learn whether one already exists: the newest attempt that
   * was authorized (whatever happened to it since), else the newest declined attempt, else undefined.
   * Stripe answers this from its search index, which lags writes by up to a minute: a task should prefer
   * the paymentId its order stream recorded, and re-calling `authorize` with the same key is the exact way
   * to recover a result it did not record.
   */
  find(orderId: string): Promise<Payment | undefined>;
}

export interface AuthorizeRequest {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: Money;
  /** A Stripe payment method id, e.g. the test ids `pm_card_visa`, `pm_card_chargeDeclined`. */
  readonly paymentMethodId: string;
  readonly idempotencyKey: string;
}

export type AuthorizeResult =
  | { readonly outcome: 'authorized'; readonly paymentId: string }
  | { readonly outcome: 'declined'; readonly code: DeclineCode; readonly message: string };

/** Stripe's decline codes (`card_declined`, `insufficient_funds`, `expired_card`, …) or `invalid_payment_method`. */
export type DeclineCode = string;

export interface PaymentOperation {
  readonly paymentId: string;
  readonly idempotencyKey: string;
}

export interface RefundRequest extends PaymentOperation {
  /** Minor units of the payment's currency; omitted = everything captured and not yet refunded. */
  readonly amount?: number;
}

export interface RefundResult {
  readonly refundId: string;
  readonly paymentId: string;
  readonly amount: Money;
}

export type PaymentStatus = 'authorized' | 'captured' | 'canceled' | 'declined' | 'pending';

export interface Payment {
  readonly paymentId: string;
  readonly orderId: string;
  readonly status: PaymentStatus;
  /** The amount authorized. */
  readonly amount: Money;
  readonly amountCaptured: number;
  readonly amountRefunded: number;
  readonly declineCode?: DeclineCode;
}

/** The gateway could not be reached or failed on its side: retry with the same idempotency key. */
export class PaymentGatewayUnavailable extends Error {
  override readonly name = 'PaymentGatewayUnavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The payment method ids every gateway understands (Stripe's test ids). */
export const TEST_PAYMENT_METHODS = {
  visa: 'pm_card_visa',
  declined: 'pm_card_chargeDeclined',
  insufficientFunds: 'pm_card_chargeDeclinedInsufficientFunds',
} as const;

/** The input checks every gateway makes before it calls anyone. */
export function assertAuthorizeRequest(request: AuthorizeRequest): void {
  assertMoney(request.amount, 'amount');
  if (request.amount.amount <= 0) throw validation('amount must be more than 0', { field: 'amount' });
  for (const field of ['orderId', 'customerId', 'paymentMethodId', 'idempotencyKey'] as const)
    if (typeof request[field] !== 'string' || request[field].length === 0)
      throw validation(`${field} is required`, { field });
}

export function assertPaymentOperation(request: PaymentOperation): void {
  for (const field of ['paymentId', 'idempotencyKey'] as const)
    if (typeof request[field] !== 'string' || request[field].length === 0)
      throw validation(`${field} is required`, { field });
}

export function assertRefundRequest(request: RefundRequest): void {
  assertPaymentOperation(request);
  if (request.amount !== undefined && (!Number.isSafeInteger(request.amount) || request.amount <= 0))
    throw validation('refund amount must be a whole number of minor units, more than 0', { field: 'amount' });
}

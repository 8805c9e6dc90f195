import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '../../domain/errors';
import { systemClock, type Clock } from '../../ports/clock';
import {
  assertAuthorizeRequest,
  assertPaymentOperation,
  assertRefundRequest,
  type AuthorizeRequest,
  type AuthorizeResult,
  type Payment,
  type PaymentOperation,
  type Payments,
  type PaymentStatus,
  type RefundRequest,
  type RefundResult,
} from '../../ports/payments';
import type { Statement, Transaction } from 'better-sqlite3';
import { groupCommit, type GroupCommit } from './group-commit';
import type { SqliteDb } from './sqlite';

/** What Stripe's test payment methods do, so the offline gateway behaves like Stripe in test mode. */
const TEST_CARD_OUTCOMES: Readonly<Record<string, { decline?: { code: string; message: string } }>> = {
  pm_card_visa: {},
  pm_card_visa_debit: {},
  pm_card_mastercard: {},
  pm_card_amex: {},
  pm_card_jcb: {},
  pm_card_chargeDeclined: { decline: { code: 'card_declined', message: 'Your card was declined.' } },
  pm_card_chargeDeclinedInsufficientFunds: {
    decline: { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  pm_card_chargeDeclinedExpiredCard: { decline: { code: 'expired_card', message: 'Your card has expired.' } },
  pm_card_chargeDeclinedIncorrectCvc: {
    decline: { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  },
  pm_card_chargeDeclinedProcessingError: {
    decline: { code: 'processing_error', message: 'An error occurred while processing your card.' },
  },
  pm_card_chargeDeclinedFraudulent: { decline: { code: 'fraudulent', message: 'Your card was declined.' } },
};

/** Time first, then random: new rows go to the end of the primary key's index, not a random page of it. */
const orderedId = () => Date.now().toString(16).padStart(12, '0') + randomBytes(10).toString('hex');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS payments_intents (
  payment_id        TEXT PRIMARY KEY,
  order_id          TEXT NOT NULL,
  customer_id       TEXT NOT NULL,
  payment_method_id TEXT NOT NULL,
  amount            INTEGER NOT NULL,
  currency          TEXT NOT NULL,
  status            TEXT NOT NULL,
  decline_code      TEXT,
  amount_captured   INTEGER NOT NULL DEFAULT 0,
  amount_refunded   INTEGER NOT NULL DEFAULT 0,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  CHECK (amount_captured <= amount AND amount_refunded <= amount_captured)
);
CREATE INDEX IF NOT EXISTS payments_intents_by_order ON payments_intents (order_id);
CREATE TABLE IF NOT EXISTS payments_refunds (
  refund_id  TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments_intents (payment_id),
  amount     INTEGER NOT NULL CHECK (amount > 0),
  currency   TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_refunds_by_payment ON payments_refunds (payment_id);
CREATE TABLE IF NOT EXISTS payments_idempotency (
  idempotency_key TEXT PRIMARY KEY,
  operation       TEXT NOT NULL,
  fingerprint     TEXT NOT NULL,
  response        TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
`;

interface PaymentRow {
  payment_id: string;
  order_id: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  decline_code: string | null;
  amount_captured: number;
  amount_refunded: number;
}

interface IdempotencyRow {
  operation: string;
  fingerprint: string;
  response: string;
}

const toPayment = (row: PaymentRow): Payment => ({
  paymentId: row.payment_id,
  orderId: row.order_id,
  status: row.status,
  amount: { amount: row.amount, currency: row.currency },
  amountCaptured: row.amount_captured,
  amountRefunded: row.amount_refunded,
  ...(row.decline_code ? { declineCode: row.decline_code } : {}),
});

/**
 * The payment gateway of the embedded runtime (no STRIPE_SECRET_KEY): honours Stripe's test payment method
 * ids and keeps payments, refunds and idempotency keys in the shared SQLite file, so a repeated call —
 * also after a crash and restart — returns the first result and never charges twice.
 */
export class OfflinePayments implements Payments {
  private readonly statements = new Map<string, Statement>();
  private readonly commits: GroupCommit;
  private readonly onceInTransaction: Transaction<(key: string, operation: string, fingerprint: string, act: () => unknown) => unknown>;

  constructor(
    private readonly db: SqliteDb,
    private readonly clock: Clock = systemClock,
  ) {
    db.exec(SCHEMA);
    this.commits = groupCommit(db);
    this.onceInTransaction = db.transaction(this.onceBody.bind(this));
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
    assertAuthorizeRequest(request);
    const { orderId, customerId, amount, paymentMethodId } = request;
    return this.once(request.idempotencyKey, 'authorize', [orderId, customerId, amount.amount, amount.currency, paymentMethodId], () => {
      const card = TEST_CARD_OUTCOMES[paymentMethodId];
      // Like Stripe, an unknown payment method creates no payment at all.
      if (!card)
        return {
          outcome: 'declined',
          code: 'invalid_payment_method',
          message: `No such PaymentMethod: '${paymentMethodId}'`,
        } satisfies AuthorizeResult;
      const paymentId = `pi_offline_${orderedId()}`;
      const now = this.now();
      this.sql(
          `INSERT INTO payments_intents (payment_id, order_id, customer_id, payment_method_id, amount, currency,
             status, decline_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(paymentId, orderId, customerId, paymentMethodId, amount.amount, amount.currency,
          card.decline ? 'declined' : 'authorized', card.decline?.code ?? null, now, now);
      if (card.decline) return { outcome: 'declined', ...card.decline } satisfies AuthorizeResult;
      return { outcome: 'authorized', paymentId } satisfies AuthorizeResult;
    });
  }

  async capture(request: PaymentOperation): Promise<Payment> {
    assertPaymentOperation(request);
    return this.once(request.idempotencyKey, 'capture', [request.paymentId], () => {
      const payment = this.load(request.paymentId);
      if (payment.status === 'captured') return toPayment(payment);
      if (payment.status !== 'authorized')
        throw conflict(`payment ${payment.payment_id} cannot be captured: it is ${payment.status}`, { status: payment.status });
      return this.update(payment.payment_id, `status = 'captured', amount_captured = amount`);
    });
  }

  async cancel(request: PaymentOperation): Promise<Payment> {
    assertPaymentOperation(request);
    return this.once(request.idempotencyKey, 'cancel', [request.paymentId], () => {
      const payment = this.load(request.paymentId);
      if (payment.status === 'canceled') return toPayment(payment);
      if (payment.status === 'captured')
        throw conflict(`payment ${payment.payment_id} is captured: refund it instead`, { status: payment.status });
      return this.update(payment.payment_id, `status = 'canceled'`);
    });
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    assertRefundRequest(request);
    return this.once(request.idempotencyKey, 'refund', [request.paymentId, request.amount ?? null], () => {
      const payment = this.load(request.paymentId);
      if (payment.status !== 'captured')
        throw conflict(`payment ${payment.payment_id} cannot be refunded: it is ${payment.status}`, { status: payment.status });
      const refundable = payment.amount_captured - payment.amount_refunded;
      if (refundable === 0) throw conflict(`payment ${payment.payment_id} is already fully refunded`);
      const amount = request.amount ?? refundable;
      if (amount > refundable)
        throw conflict(`refund of ${amount} is more than the ${refundable} left to refund`, { refundable });
      const refundId = `re_offline_${orderedId()}`;
      this.sql(`INSERT INTO payments_refunds (refund_id, payment_id, amount, currency, created_at) VALUES (?, ?, ?, ?, ?)`)
        .run(refundId, payment.payment_id, amount, payment.currency, this.now());
      this.update(payment.payment_id, `amount_refunded = amount_refunded + ?`, amount);
      return { refundId, paymentId: payment.payment_id, amount: { amount, currency: payment.currency } } satisfies RefundResult;
    });
  }

  async find(orderId: string): Promise<Payment | undefined> {
    const attempts = this.paymentsFor(orderId);
    return attempts.find((p) => p.status !== 'declined') ?? attempts[0];
  }

  /** Every payment attempt for the order, newest first (declined ones included). */
  paymentsFor(orderId: string): Payment[] {
    const rows = this.sql(`SELECT * FROM payments_intents WHERE order_id = ? ORDER BY rowid DESC`)
      .all(orderId) as PaymentRow[];
    return rows.map(toPayment);
  }

  /** How many times the shopper's card was successfully authorized for this order; "one charge" means 1. */
  chargesFor(orderId: string): number {
    const row = this.sql(`SELECT COUNT(*) AS n FROM payments_intents WHERE order_id = ? AND status <> 'declined'`)
      .get(orderId) as { n: number };
    return row.n;
  }

  /**
   * Runs `act` once per idempotency key: the key, the request's fingerprint and the result are committed in
   * the same transaction as the effect (a savepoint of the connection's group commit, which holds the write
   * lock), so a second call (another process included) sees either nothing or both, and the answer comes
   * once they are committed. A failed act saves nothing and can be retried with the same key.
   */
  private once<T>(key: string, operation: string, fingerprintParts: readonly unknown[], act: () => T): Promise<T> {
    const fingerprint = JSON.stringify(fingerprintParts);
    return this.commits.write(() => this.onceInTransaction.immediate(key, operation, fingerprint, act) as T);
  }

  /** The body of `once`, made a transaction function once: better-sqlite3 builds four wrappers per `db.transaction()`. */
  private onceBody(key: string, operation: string, fingerprint: string, act: () => unknown): unknown {
    const prior = this.sql(`SELECT operation, fingerprint, response FROM payments_idempotency WHERE idempotency_key = ?`)
      .get(key) as IdempotencyRow | undefined;
    if (prior) {
      if (prior.operation !== operation || prior.fingerprint !== fingerprint)
        throw conflict(`idempotency key ${key} was already used for a different ${prior.operation} request`, {
          idempotencyKey: key,
        });
      return JSON.parse(prior.response) as unknown;
    }
    const result = act();
    this.sql(
        `INSERT INTO payments_idempotency (idempotency_key, operation, fingerprint, response, created_at) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(key, operation, fingerprint, JSON.stringify(result), this.now());
    return result;
  }

  private load(paymentId: string): PaymentRow {
    const row = this.sql(`SELECT * FROM payments_intents WHERE payment_id = ?`).get(paymentId) as
      | PaymentRow
      | undefined;
    if (!row) throw notFound(`no payment ${paymentId}`);
    return row;
  }

  private update(paymentId: string, assignments: string, ...values: number[]): Payment {
    const row = this.sql(`UPDATE payments_intents SET ${assignments}, updated_at = ? WHERE payment_id = ? RETURNING *`)
      .get(...values, this.now(), paymentId) as PaymentRow | undefined;
    if (!row) throw notFound(`no payment ${paymentId}`);
    return toPayment(row);
  }

  /** Prepared once per SQL text: preparing on every call showed in checkout's profile. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

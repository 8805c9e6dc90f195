import Stripe from 'stripe';

/**
 * A test double for the few Stripe HTTP endpoints the Stripe adapter uses, plugged into the real SDK as its
 * HttpClient: nothing leaves the process. It records every request, keeps PaymentIntents and refunds in
 * memory, honours Idempotency-Key (replays the first response; different parameters = idempotency_error)
 * and Stripe's test payment methods. It emulates Stripe's API, not our gateway: the contract suite runs the
 * same assertions against it (through StripePayments) and against the offline gateway.
 */

export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string, e.g. /v1/payment_intents/pi_1/capture. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Form body (POST) or query string (GET), decoded into nested objects. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly rawBody: string;
}

type IntentStatus = 'requires_capture' | 'succeeded' | 'canceled' | 'requires_payment_method';

interface Intent {
  id: string;
  amount: number;
  currency: string;
  status: IntentStatus;
  captureMethod: string;
  paymentMethod: string;
  metadata: Record<string, string>;
  description: string | null;
  created: number;
  chargeId: string;
  amountReceived: number;
  amountRefunded: number;
  lastPaymentError: Record<string, unknown> | null;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

type Fault = 'drop-before' | 'drop-after' | 500 | 429;

const DECLINES: Readonly<Record<string, { code: string; decline_code: string; message: string }>> = {
  pm_card_chargeDeclined: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  pm_card_chargeDeclinedInsufficientFunds: {
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  pm_card_chargeDeclinedExpiredCard: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' },
};
const APPROVED = new Set(['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_visa_debit']);

class EmulatedResponse extends Stripe.HttpClientResponse {
  constructor(
    status: number,
    headers: Record<string, string>,
    private readonly body: string,
  ) {
    super(status, headers);
  }
  override getRawResponse(): unknown {
    return {};
  }
  override toStream(): unknown {
    throw new Error('the Stripe emulator does not stream');
  }
  override toJSON(): Promise<unknown> {
    return Promise.resolve(JSON.parse(this.body));
  }
}

export class StripeEmulator extends Stripe.HttpClient {
  readonly requests: RecordedRequest[] = [];
  private readonly intents = new Map<string, Intent>();
  private readonly idempotency = new Map<string, { fingerprint: string; reply: Reply }>();
  private readonly faults: Fault[] = [];
  private sequence = 0;

  override getClientName(): string {
    return 'stripe-emulator';
  }

  /**
   * The next request fails: 'drop-before' = connection reset before Stripe saw it, 'drop-after' = Stripe
   * did the work but the answer was lost, 500/429 = Stripe answered with that status.
   */
  failNext(fault: Fault): void {
    this.faults.push(fault);
  }

  /** PaymentIntents created for an order (what a "charge count" is on Stripe). */
  intentsFor(orderId: string): { id: string; status: IntentStatus }[] {
    return [...this.intents.values()]
      .filter((i) => i.metadata['orderId'] === orderId)
      .map((i) => ({ id: i.id, status: i.status }));
  }

  override async makeRequest(
    _host: string,
    _port: string,
    fullPath: string,
    method: string,
    headers: Record<string, string | number | string[]>,
    requestData: string,
  ): Promise<EmulatedResponse> {
    const [path = '', query = ''] = fullPath.split('?');
    const flatHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));
    const params = decodeForm(method === 'GET' ? query : requestData);
    this.requests.push({ method, path, headers: flatHeaders, params, rawBody: requestData ?? '' });

    const fault = this.faults.shift();
    if (fault === 'drop-before') throw connectionReset();
    if (fault === 500 || fault === 429)
      return respond({ status: fault, body: apiError(fault === 429 ? 'rate_limit' : 'api_error', 'emulated outage') });

    const key = headerValue(flatHeaders, 'idempotency-key');
    const handle = () => this.route(method, path, params);
    const { reply, replayed } =
      method === 'POST' && key
        ? this.idempotent(key, `${method} ${path} ${requestData}`, handle)
        : { reply: handle(), replayed: false };
    if (fault === 'drop-after') throw connectionReset();
    return respond(reply, key, replayed);
  }

  private idempotent(key: string, fingerprint: string, act: () => Reply): { reply: Reply; replayed: boolean } {
    const prior = this.idempotency.get(key);
    if (prior) {
      if (prior.fingerprint !== fingerprint)
        return {
          reply: {
            status: 400,
            body: {
              error: {
                type: 'idempotency_error',
                message: `Keys for idempotent requests can only be used with the same parameters they were first used with.`,
              },
            },
          },
          replayed: false,
        };
      return { reply: prior.reply, replayed: true };
    }
    const reply = act();
    this.idempotency.set(key, { fingerprint, reply });
    return { reply, replayed: false };
  }

  private route(method: string, path: string, params: Record<string, unknown>): Reply {
    const segments = path.split('/').filter(Boolean); // ['v1', 'payment_intents', id, action]
    if (segments[0] !== 'v1') return notFound(`Unrecognized request URL (${method}: ${path})`);
    const [, resource, id, action] = segments;
    if (resource === 'payment_intents') {
      if (method === 'POST' && !id) return this.createIntent(params);
      if (method === 'GET' && id === 'search') return this.search(params);
      if (!id) return notFound(`Unrecognized request URL (${method}: ${path})`);
      const intent = this.intents.get(id);
      if (!intent) return notFound(`No such payment_intent: '${id}'`, 'intent');
      const expand = expansions(params);
      if (method === 'GET' && !action) return ok(this.render(intent, expand));
      if (method === 'POST' && action === 'capture') return this.capture(intent, params, expand);
      if (method === 'POST' && action === 'cancel') return this.cancel(intent, expand);
    }
    if (resource === 'refunds' && method === 'POST' && !id) return this.refund(params);
    return notFound(`Unrecognized request URL (${method}: ${path})`);
  }

  private createIntent(params: Record<string, unknown>): Reply {
    const amount = Number(params['amount']);
    const currency = String(params['currency'] ?? '');
    if (!Number.isInteger(amount) || amount <= 0) return invalid('Invalid positive integer', 'amount');
    if (!/^[a-z]{3}$/.test(currency)) return invalid('Invalid currency', 'currency');
    const paymentMethod = String(params['payment_method'] ?? '');
    const decline = DECLINES[paymentMethod];
    if (!decline && !APPROVED.has(paymentMethod))
      return invalid(`No such PaymentMethod: '${paymentMethod}'`, 'payment_method', 'resource_missing');
    if (params['confirm'] !== 'true') return invalid('this emulator only supports confirm=true', 'confirm');
    const n = ++this.sequence;
    const intent: Intent = {
      id: `pi_emu_${n}`,
      amount,
      currency,
      status: 'requires_capture',
      captureMethod: String(params['capture_method'] ?? 'automatic'),
      paymentMethod,
      metadata: (params['metadata'] as Record<string, string> | undefined) ?? {},
      description: typeof params['description'] === 'string' ? params['description'] : null,
      created: 1_700_000_000 + n,
      chargeId: `ch_emu_${n}`,
      amountReceived: 0,
      amountRefunded: 0,
      lastPaymentError: null,
    };
    this.intents.set(intent.id, intent);
    if (decline) {
      intent.status = 'requires_payment_method';
      intent.lastPaymentError = { type: 'card_error', charge: intent.chargeId, ...decline };
      return {
        status: 402,
        body: { error: { type: 'card_error', charge: intent.chargeId, ...decline, payment_intent: this.render(intent, []) } },
      };
    }
    if (intent.captureMethod !== 'manual') {
      intent.status = 'succeeded';
      intent.amountReceived = amount;
    }
    return ok(this.render(intent, expansions(params)));
  }

  private capture(intent: Intent, params: Record<string, unknown>, expand: string[]): Reply {
    if (intent.status !== 'requires_capture') return unexpectedState('capture', intent);
    const toCapture = params['amount_to_capture'] === undefined ? intent.amount : Number(params['amount_to_capture']);
    if (toCapture > intent.amount) return invalid('amount_to_capture is larger than the amount', 'amount_to_capture');
    intent.status = 'succeeded';
    intent.amountReceived = toCapture;
    return ok(this.render(intent, expand));
  }

  private cancel(intent: Intent, expand: string[]): Reply {
    if (intent.status !== 'requires_capture' && intent.status !== 'requires_payment_method')
      return unexpectedState('cancel', intent);
    intent.status = 'canceled';
    return ok(this.render(intent, expand));
  }

  private refund(params: Record<string, unknown>): Reply {
    const id = String(params['payment_intent'] ?? '');
    const intent = this.intents.get(id);
    if (!intent) return notFound(`No such payment_intent: '${id}'`, 'payment_intent');
    if (intent.status !== 'succeeded')
      return invalid(`This PaymentIntent (${id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
    const refundable = intent.amountReceived - intent.amountRefunded;
    if (refundable === 0) return invalid(`Charge ${intent.chargeId} has already been refunded.`, undefined, 'charge_already_refunded');
    const amount = params['amount'] === undefined ? refundable : Number(params['amount']);
    if (amount > refundable)
      return invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`, 'amount', 'amount_too_large');
    intent.amountRefunded += amount;
    return ok({
      id: `re_emu_${++this.sequence}`,
      object: 'refund',
      amount,
      currency: intent.currency,
      charge: intent.chargeId,
      payment_intent: intent.id,
      status: 'succeeded',
      created: 1_700_000_000 + this.sequence,
      metadata: {},
    });
  }

  private search(params: Record<string, unknown>): Reply {
    const match = /^metadata\['orderId'\]:'((?:[^'\\]|\\.)*)'$/.exec(String(params['query'] ?? ''));
    if (!match) return invalid('this emulator only searches metadata[\'orderId\']', 'query');
    const orderId = (match[1] ?? '').replace(/\\(.)/g, '$1');
    const expand = expansions(params).map((e) => e.replace(/^data\./, ''));
    const data = [...this.intents.values()]
      .filter((i) => i.metadata['orderId'] === orderId)
      .map((i) => this.render(i, expand));
    return ok({ object: 'search_result', data, has_more: false, next_page: null, url: '/v1/payment_intents/search' });
  }

  private render(intent: Intent, expand: readonly string[]): Record<string, unknown> {
    const charge = {
      id: intent.chargeId,
      object: 'charge',
      amount: intent.amount,
      amount_captured: intent.amountReceived,
      amount_refunded: intent.amountRefunded,
      captured: intent.amountReceived > 0,
      refunded: intent.amountReceived > 0 && intent.amountRefunded === intent.amountReceived,
      currency: intent.currency,
      payment_intent: intent.id,
      status: intent.lastPaymentError ? 'failed' : 'succeeded',
    };
    return {
      id: intent.id,
      object: 'payment_intent',
      amount: intent.amount,
      amount_capturable: intent.status === 'requires_capture' ? intent.amount : 0,
      amount_received: intent.amountReceived,
      capture_method: intent.captureMethod,
      client_secret: `${intent.id}_secret_emu`,
      confirmation_method: 'automatic',
      created: intent.created,
      currency: intent.currency,
      description: intent.description,
      last_payment_error: intent.lastPaymentError,
      latest_charge: expand.includes('latest_charge') ? charge : intent.chargeId,
      livemode: false,
      metadata: intent.metadata,
      payment_method: intent.paymentMethod,
      status: intent.status,
    };
  }
}

function respond(reply: Reply, idempotencyKey?: string, replayed = false): EmulatedResponse {
  const headers: Record<string, string> = {
    'request-id': `req_emu_${Math.random().toString(36).slice(2)}`,
    'stripe-version': '2026-10-28.endive',
    'content-type': 'application/json',
    // Stripe tells the SDK whether retrying could help; a 4xx never will.
    'stripe-should-retry': String(reply.status >= 500 || reply.status === 429),
  };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  if (replayed) headers['idempotent-replayed'] = 'true';
  return new EmulatedResponse(reply.status, headers, JSON.stringify(reply.body));
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const apiError = (type: string, message: string) => ({ error: { type, message } });
const notFound = (message: string, param?: string): Reply => ({
  status: 404,
  body: { error: { type: 'invalid_request_error', code: 'resource_missing', message, ...(param ? { param } : {}) } },
});
const invalid = (message: string, param?: string, code?: string): Reply => ({
  status: 400,
  body: { error: { type: 'invalid_request_error', message, ...(param ? { param } : {}), ...(code ? { code } : {}) } },
});
const unexpectedState = (action: string, intent: Intent): Reply =>
  invalid(
    `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}.`,
    undefined,
    'payment_intent_unexpected_state',
  );

function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  return entry?.[1];
}

function expansions(params: Record<string, unknown>): string[] {
  const expand = params['expand'];
  return Array.isArray(expand) ? expand.map(String) : [];
}

/** Decodes Stripe's bracketed form encoding (`metadata[orderId]=1&expand[0]=x`) into nested values. */
export function decodeForm(encoded: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(encoded ?? '')) {
    const [head = '', ...rest] = name.split('[').map((part) => part.replace(/\]$/, ''));
    let node = root;
    let key = head;
    for (const next of rest) {
      const child = (node[key] ??= {}) as Record<string, unknown>;
      node = child;
      key = next;
    }
    node[key] = value;
  }
  return arraysFromIndexedObjects(root) as Record<string, unknown>;
}

function arraysFromIndexedObjects(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, arraysFromIndexedObjects(v)] as const);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k)))
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  return Object.fromEntries(entries);
}

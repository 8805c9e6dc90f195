import { randomUUID } from 'node:crypto';
import { notFound, validation } from '../../domain/errors';
import { DEFAULT_RETRY_POLICY, hasAttemptsLeft, retryDelayMs, type RetryPolicy } from '../../app/fulfilment/retry-backoff';
import { systemClock, type Clock } from '../../ports/clock';
import type { OutboundWebhook, OutboundWebhooks, WebhookDelivery, WebhookDeliveryStatus } from '../../ports/outbound-webhooks';
import type { SqliteDb } from './sqlite';
import { postSignedWebhook } from './webhook-outbox-sender';

export interface WebhookOutboxOptions {
  readonly secret: string | readonly string[];
  readonly retry?: Partial<RetryPolicy>;
  /** Per attempt, connect to last byte. */
  readonly timeoutMs?: number;
  /** How often the background loop looks for due deliveries when nothing wakes it. */
  readonly pollIntervalMs?: number;
  /** Deliveries in flight at once. */
  readonly concurrency?: number;
  readonly clock?: Clock;
  /** Jitter source, 0..1 (tests pin it). */
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
  /** Called after a delivery becomes a dead letter (e.g. to publish it to STAFF). Errors are ignored. */
  readonly onDeadLetter?: (delivery: WebhookDelivery) => void | Promise<void>;
  /** Unexpected failures of the background loop (e.g. the database); the loop keeps running. */
  readonly onError?: (error: unknown) => void;
}

interface Row {
  id: string;
  url: string;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  lease_token: string | null;
  last_error: string | null;
  last_status: number | null;
  created_at: number;
  delivered_at: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

const toDelivery = (r: Row): WebhookDelivery => ({
  id: r.id,
  url: r.url,
  body: r.body,
  status: r.status,
  attempts: r.attempts,
  ...(r.last_error === null ? {} : { lastError: r.last_error }),
  ...(r.last_status === null ? {} : { lastStatus: r.last_status }),
  createdAt: iso(r.created_at),
  ...(r.status === 'PENDING' ? { nextAttemptAt: iso(r.next_attempt_at) } : {}),
  ...(r.delivered_at === null ? {} : { deliveredAt: iso(r.delivered_at) }),
});

const MAX_ID = 256;
const MAX_BODY = 256 * 1024;
/** A claimed delivery whose process died is retried once its lease runs out. */
const LEASE_MARGIN_MS = 5_000;

/**
 * The durable outbox for outbound webhooks, in the shared SQLite file (table webhook_outbox).
 * Delivery is at-least-once: a row is claimed with a lease (so two instances on one file never
 * send the same row at the same time, and a crash mid-send is retried after the lease), sent,
 * and only then marked DELIVERED; a DELIVERED row is never sent again, also after a restart.
 */
export class SqliteWebhookOutbox implements OutboundWebhooks {
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly stmts;

  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> | undefined;
  private wokenDuringPass = false;

  constructor(
    private readonly db: SqliteDb,
    private readonly options: WebhookOutboxOptions,
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (!Number.isSafeInteger(this.policy.maxAttempts) || this.policy.maxAttempts < 1)
      throw new Error('retry.maxAttempts must be a whole number of at least 1');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    db.exec(`
      CREATE TABLE IF NOT EXISTS webhook_outbox (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        lease_until INTEGER,
        lease_token TEXT,
        last_error TEXT,
        last_status INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        delivered_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (status, next_attempt_at);`);
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO webhook_outbox (id, url, body, status, attempts, next_attempt_at, created_at, updated_at)
         VALUES (@id, @url, @body, 'PENDING', 0, @now, @now, @now) ON CONFLICT (id) DO NOTHING`,
      ),
      get: db.prepare('SELECT * FROM webhook_outbox WHERE id = ?'),
      due: db.prepare(
        `SELECT * FROM webhook_outbox
         WHERE status = 'PENDING' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
         ORDER BY next_attempt_at LIMIT @limit`,
      ),
      claim: db.prepare(
        `UPDATE webhook_outbox SET attempts = attempts + 1, lease_until = @leaseUntil, lease_token = @token, updated_at = @now
         WHERE id = @id AND status = 'PENDING' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)`,
      ),
      delivered: db.prepare(
        `UPDATE webhook_outbox SET status = 'DELIVERED', delivered_at = @now, updated_at = @now, last_status = @status,
           last_error = NULL, lease_until = NULL, lease_token = NULL
         WHERE id = @id AND lease_token = @token`,
      ),
      retryLater: db.prepare(
        `UPDATE webhook_outbox SET next_attempt_at = @next, last_error = @error, last_status = @status, updated_at = @now,
           lease_until = NULL, lease_token = NULL
         WHERE id = @id AND lease_token = @token`,
      ),
      dead: db.prepare(
        `UPDATE webhook_outbox SET status = 'DEAD', last_error = @error, last_status = @status, updated_at = @now,
           lease_until = NULL, lease_token = NULL
         WHERE id = @id AND status = 'PENDING' AND (lease_token = @token OR @token IS NULL)`,
      ),
      deadLetters: db.prepare(`SELECT * FROM webhook_outbox WHERE status = 'DEAD' ORDER BY updated_at, id`),
      redrive: db.prepare(
        `UPDATE webhook_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = @now, updated_at = @now,
           lease_until = NULL, lease_token = NULL
         WHERE id = @id AND status = 'DEAD'`,
      ),
      counts: db.prepare('SELECT status, COUNT(*) AS n FROM webhook_outbox GROUP BY status'),
      nextWake: db
        .prepare(
          `SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) FROM webhook_outbox WHERE status = 'PENDING'`,
        )
        .pluck(),
    };
  }

  async enqueue(webhook: OutboundWebhook): Promise<boolean> {
    if (typeof webhook.id !== 'string' || webhook.id.length === 0 || webhook.id.length > MAX_ID)
      throw validation(`webhook id must be 1-${MAX_ID} characters`, { field: 'id' });
    assertHttpUrl(webhook.url);
    const body = JSON.stringify(webhook.body);
    if (body === undefined || Buffer.byteLength(body) > MAX_BODY)
      throw validation(`webhook body must be JSON of at most ${MAX_BODY} bytes`, { field: 'body' });
    const inserted = this.stmts.insert.run({ id: webhook.id, url: webhook.url, body, now: this.now() }).changes === 1;
    if (inserted) this.wake();
    return inserted;
  }

  async get(id: string): Promise<WebhookDelivery | undefined> {
    const row = this.stmts.get.get(id) as Row | undefined;
    return row && toDelivery(row);
  }

  async deadLetters(): Promise<WebhookDelivery[]> {
    return (this.stmts.deadLetters.all() as Row[]).map(toDelivery);
  }

  async redrive(id: string): Promise<void> {
    if (this.stmts.redrive.run({ id, now: this.now() }).changes !== 1) throw notFound(`no dead letter ${id}`);
    this.wake();
  }

  counts(): Record<WebhookDeliveryStatus, number> {
    const out: Record<WebhookDeliveryStatus, number> = { PENDING: 0, DELIVERED: 0, DEAD: 0 };
    for (const r of this.stmts.counts.all() as { status: WebhookDeliveryStatus; n: number }[]) out[r.status] = r.n;
    return out;
  }

  /** One pass: attempts every delivery that is due now. Returns how many attempts were made. */
  async dispatchDue(): Promise<number> {
    const due = this.stmts.due.all({ now: this.now(), limit: this.concurrency * 16 }) as Row[];
    let attempted = 0;
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const row = due[next++] as Row;
        if (await this.attempt(row)) attempted++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
    return attempted;
  }

  /** Dispatches until nothing is pending (every delivery DELIVERED or DEAD); for tests and shutdown. */
  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.dispatchDue();
      const wake = this.stmts.nextWake.get() as number | null;
      if (wake === null) return;
      if (Date.now() >= deadline) throw new Error(`webhook outbox still has pending deliveries after ${timeoutMs} ms`);
      await sleep(Math.min(Math.max(1, wake - this.now()), this.pollIntervalMs, Math.max(1, deadline - Date.now())));
    }
  }

  /** Runs the dispatcher in the background until stop(); enqueue and redrive wake it at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  private wake() {
    if (!this.running) return;
    if (this.pass) this.wokenDuringPass = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick() {
    this.timer = undefined;
    if (!this.running || this.pass) return;
    this.wokenDuringPass = false;
    this.pass = this.dispatchDue().catch((e: unknown) => this.options.onError?.(e));
    await this.pass;
    this.pass = undefined;
    if (!this.running) return;
    if (this.wokenDuringPass) return this.schedule(0);
    const wake = this.stmts.nextWake.get() as number | null;
    const delay = wake === null ? this.pollIntervalMs : Math.min(this.pollIntervalMs, Math.max(0, wake - this.now()));
    this.schedule(delay);
  }

  /** Claims, sends and records one delivery; false when another dispatcher holds it. */
  private async attempt(row: Row): Promise<boolean> {
    const token = randomUUID();
    if (row.attempts >= this.policy.maxAttempts) {
      // The last attempt was claimed but its process died before recording the outcome.
      this.markDead(row.id, null, row.last_error ?? 'the last attempt was interrupted', row.last_status);
      return false;
    }
    const claimedAt = this.now();
    const claimed = this.stmts.claim.run({
      id: row.id,
      token,
      now: claimedAt,
      leaseUntil: claimedAt + this.timeoutMs + LEASE_MARGIN_MS,
    });
    if (claimed.changes !== 1) return false;
    const attempts = row.attempts + 1;

    const outcome = await postSignedWebhook(row, {
      secret: this.options.secret,
      now: this.clock.now(),
      timeoutMs: this.timeoutMs,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });

    const now = this.now();
    if (outcome.ok) {
      this.stmts.delivered.run({ id: row.id, token, now, status: outcome.status });
    } else if (hasAttemptsLeft(attempts, this.policy)) {
      this.stmts.retryLater.run({
        id: row.id,
        token,
        now,
        next: now + retryDelayMs(attempts, this.policy, this.random),
        error: outcome.error,
        status: outcome.status ?? null,
      });
    } else {
      this.markDead(row.id, token, outcome.error, outcome.status ?? null);
    }
    return true;
  }

  private markDead(id: string, token: string | null, error: string, status: number | null) {
    if (this.stmts.dead.run({ id, token, now: this.now(), error, status }).changes !== 1) return;
    const notify = this.options.onDeadLetter;
    if (!notify) return;
    const row = this.stmts.get.get(id) as Row;
    void Promise.resolve()
      .then(() => notify(toDelivery(row)))
      .catch(() => undefined);
  }

  private now() {
    return this.clock.now().getTime();
  }
}

function assertHttpUrl(url: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw validation('webhook url must be an absolute http(s) URL', { field: 'url' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw validation('webhook url must be an absolute http(s) URL', { field: 'url' });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteWebhookOutbox, type WebhookOutboxOptions } from '../../src/adapters/local/webhook-outbox';
import type { WebhookDelivery } from '../../src/ports/outbound-webhooks';
import { startReceiver } from './webhook-test-receiver';

const secret = 'whsec_outbox_test';
const instruction = { type: 'shipment.instructed', shipmentId: 's1', lines: [{ sku: 'MUG', title: 'Mug', quantity: 1 }] };
const tinyRetry = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 5 };

let dir: string;
let file: string;
const opened: SqliteDb[] = [];
const closers: (() => Promise<void>)[] = [];

function open(options: Partial<WebhookOutboxOptions> = {}) {
  const db = openDatabase(file);
  opened.push(db);
  return new SqliteWebhookOutbox(db, { secret, retry: tinyRetry, timeoutMs: 2_000, ...options });
}

async function receiver(answer?: (n: number) => number) {
  const r = await startReceiver(secret, answer);
  closers.push(r.close);
  return r;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-outbox-'));
  file = join(dir, 'marquee.db');
});

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const db of opened.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('webhook outbox (SQLite) against a real HTTP receiver', () => {
  it('delivers a signed JSON POST with the idempotency key', async () => {
    const rx = await receiver();
    const outbox = open();
    expect(await outbox.enqueue({ id: 's1.instructed', url: rx.url, body: instruction })).toBe(true);
    await outbox.drain();

    expect(rx.requests).toHaveLength(1);
    const [req] = rx.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/hooks/warehouse');
    expect(req?.signature).toBe('ok');
    expect(req?.headers['idempotency-key']).toBe('s1.instructed');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['marquee-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(req?.body ?? '')).toEqual(instruction);
    expect(await outbox.get('s1.instructed')).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatus: 200 });
  });

  it('stores one delivery when the same id is enqueued twice', async () => {
    const rx = await receiver();
    const outbox = open();
    expect(await outbox.enqueue({ id: 's1.instructed', url: rx.url, body: instruction })).toBe(true);
    expect(await outbox.enqueue({ id: 's1.instructed', url: rx.url, body: { ...instruction, changed: true } })).toBe(false);
    await outbox.drain();
    expect(rx.requests).toHaveLength(1);
    expect(JSON.parse(rx.requests[0]?.body ?? '')).toEqual(instruction);
    expect(outbox.counts()).toEqual({ PENDING: 0, DELIVERED: 1, DEAD: 0 });
  });

  it('retries with backoff: 500, 500, then 200 is three attempts and one delivery', async () => {
    const rx = await receiver((n) => (n <= 2 ? 500 : 200));
    const outbox = open();
    await outbox.enqueue({ id: 's1.instructed', url: rx.url, body: instruction });
    const started = Date.now();
    await outbox.drain();

    expect(rx.requests).toHaveLength(3);
    expect(rx.requests.every((r) => r.signature === 'ok')).toBe(true);
    expect(new Set(rx.requests.map((r) => r.body)).size).toBe(1);
    // equal jitter: at least half of 5 ms then half of 10 ms between the attempts
    expect(Date.now() - started).toBeGreaterThanOrEqual(7);
    expect(await outbox.get('s1.instructed')).toMatchObject({ status: 'DELIVERED', attempts: 3 });
    await outbox.drain();
    expect(rx.requests).toHaveLength(3);
  });

  it('waits the backoff before retrying', async () => {
    const rx = await receiver(() => 503);
    const outbox = open({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 3 }, random: () => 1 });
    await outbox.enqueue({ id: 'slow', url: rx.url, body: instruction });
    expect(await outbox.dispatchDue()).toBe(1);
    expect(await outbox.dispatchDue()).toBe(0);
    expect(rx.requests).toHaveLength(1);
    const pending = await outbox.get('slow');
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1, lastStatus: 503, lastError: 'HTTP 503: nope 503' });
    const wait = Date.parse(pending?.nextAttemptAt ?? '') - Date.now();
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it('dead-letters after the last attempt, lists it, and a re-drive delivers it', async () => {
    let healthy = false;
    const rx = await receiver(() => (healthy ? 200 : 500));
    const dead: WebhookDelivery[] = [];
    const outbox = open({ retry: { ...tinyRetry, maxAttempts: 3 }, onDeadLetter: (d) => void dead.push(d) });
    await outbox.enqueue({ id: 's1.instructed', url: rx.url, body: instruction });
    await outbox.enqueue({ id: 's2.instructed', url: rx.url, body: { ...instruction, shipmentId: 's2' } });
    await outbox.drain();

    expect(rx.requests).toHaveLength(6);
    const letters = await outbox.deadLetters();
    expect(letters.map((l) => l.id).sort()).toEqual(['s1.instructed', 's2.instructed']);
    expect(letters[0]).toMatchObject({ status: 'DEAD', attempts: 3, lastStatus: 500, lastError: 'HTTP 500: nope 500' });
    await new Promise((r) => setTimeout(r, 0));
    expect(dead.map((d) => d.id).sort()).toEqual(['s1.instructed', 's2.instructed']);

    healthy = true;
    await outbox.redrive('s1.instructed');
    await outbox.drain();
    expect(rx.requests).toHaveLength(7);
    expect(JSON.parse(rx.requests[6]?.body ?? '')).toEqual(instruction);
    expect(await outbox.get('s1.instructed')).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    expect((await outbox.deadLetters()).map((l) => l.id)).toEqual(['s2.instructed']);
  });

  it('refuses to re-drive something that is not a dead letter', async () => {
    const rx = await receiver();
    const outbox = open();
    await outbox.enqueue({ id: 'ok', url: rx.url, body: instruction });
    await outbox.drain();
    await expect(outbox.redrive('ok')).rejects.toMatchObject({ errorType: 'NotFound' });
    await expect(outbox.redrive('missing')).rejects.toMatchObject({ errorType: 'NotFound' });
  });

  it('counts an unreachable receiver and a timeout as failures', async () => {
    const rx = await receiver(() => 200);
    const url = rx.url;
    await rx.close();
    const outbox = open({ retry: { ...tinyRetry, maxAttempts: 2 } });
    await outbox.enqueue({ id: 'unreachable', url, body: instruction });
    await outbox.drain();
    expect(await outbox.get('unreachable')).toMatchObject({ status: 'DEAD', attempts: 2, lastError: expect.stringMatching(/fetch failed/) });

    const hanging = await import('node:http').then(({ createServer }) => createServer(() => undefined));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => (hanging.closeAllConnections(), hanging.close(() => resolve()))));
    const port = (hanging.address() as { port: number }).port;
    const quick = open({ retry: { ...tinyRetry, maxAttempts: 1 }, timeoutMs: 100 });
    await quick.enqueue({ id: 'hangs', url: `http://127.0.0.1:${port}/`, body: instruction });
    await quick.drain();
    expect(await quick.get('hangs')).toMatchObject({ status: 'DEAD', lastError: 'timed out after 100 ms' });
  });

  it('never sends a delivered webhook again after a restart, and resumes pending ones', async () => {
    let failing = true;
    const rx = await receiver(() => (failing ? 500 : 200));
    const first = open({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 5 } });
    await first.enqueue({ id: 'pending-one', url: rx.url, body: { n: 1 } });
    await first.dispatchDue(); // fails, next attempt in a minute
    failing = false;
    await first.enqueue({ id: 'delivered-one', url: rx.url, body: { n: 2 } });
    await first.dispatchDue();
    expect(rx.requests.map((r) => r.headers['idempotency-key'])).toEqual(['pending-one', 'delivered-one']);

    // "restart": a new instance on the same file, with a policy that makes the pending one due now
    const second = open({ retry: { baseDelayMs: 5, maxDelayMs: 5, maxAttempts: 5 } });
    expect(await second.get('delivered-one')).toMatchObject({ status: 'DELIVERED' });
    db(second).prepare("UPDATE webhook_outbox SET next_attempt_at = 0 WHERE id = 'pending-one'").run();
    await second.drain();
    await second.drain();
    expect(rx.requests.map((r) => r.headers['idempotency-key'])).toEqual(['pending-one', 'delivered-one', 'pending-one']);
    expect(await second.get('pending-one')).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    expect(await second.enqueue({ id: 'delivered-one', url: rx.url, body: { n: 2 } })).toBe(false);
    await second.drain();
    expect(rx.requests).toHaveLength(3);
  });

  it('enqueue, deliver, restart, dispatch again: the receiver saw exactly one request', async () => {
    const rx = await receiver();
    const first = open();
    await first.enqueue({ id: 's9.instructed', url: rx.url, body: instruction });
    await first.drain();
    opened.shift()?.close();

    const second = open();
    await second.enqueue({ id: 's9.instructed', url: rx.url, body: instruction });
    await second.drain();
    second.start();
    await new Promise((r) => setTimeout(r, 30));
    await second.stop();
    expect(rx.requests).toHaveLength(1);
  });

  it('resumes a delivery whose process died mid-send once its lease runs out', async () => {
    const rx = await receiver();
    const outbox = open();
    await outbox.enqueue({ id: 'interrupted', url: rx.url, body: instruction });
    // what a crash after claiming leaves behind: one attempt counted, a lease that has expired
    db(outbox).prepare("UPDATE webhook_outbox SET attempts = 1, lease_until = 1, lease_token = 'dead-process' WHERE id = 'interrupted'").run();
    const restarted = open();
    await restarted.drain();
    expect(rx.requests).toHaveLength(1);
    expect(await restarted.get('interrupted')).toMatchObject({ status: 'DELIVERED', attempts: 2 });
  });

  it('two dispatchers on one file never send the same delivery twice', async () => {
    const rx = await receiver();
    const a = open();
    const b = open();
    for (let i = 0; i < 20; i++) await a.enqueue({ id: `d${i}`, url: rx.url, body: { i } });
    await Promise.all([a.dispatchDue(), b.dispatchDue(), a.dispatchDue(), b.dispatchDue()]);
    await Promise.all([a.drain(), b.drain()]);
    const keys = rx.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
  });

  it('the background dispatcher delivers as soon as something is enqueued', async () => {
    const rx = await receiver();
    const outbox = open({ pollIntervalMs: 60_000 });
    outbox.start();
    try {
      await outbox.enqueue({ id: 'live', url: rx.url, body: instruction });
      const deadline = Date.now() + 5_000;
      while (rx.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(rx.requests).toHaveLength(1);
    } finally {
      await outbox.stop();
    }
  });

  it('validates what it is given', async () => {
    const outbox = open();
    await expect(outbox.enqueue({ id: '', url: 'http://127.0.0.1/', body: {} })).rejects.toMatchObject({ errorType: 'ValidationError' });
    await expect(outbox.enqueue({ id: 'x', url: 'ftp://example.com/', body: {} })).rejects.toMatchObject({ errorType: 'ValidationError' });
    await expect(outbox.enqueue({ id: 'x', url: 'not a url', body: {} })).rejects.toMatchObject({ errorType: 'ValidationError' });
    expect(outbox.counts()).toEqual({ PENDING: 0, DELIVERED: 0, DEAD: 0 });
  });
});

/** The raw database behind an outbox, to set up states a crash would leave. */
function db(outbox: SqliteWebhookOutbox): SqliteDb {
  return (outbox as unknown as { db: SqliteDb }).db;
}

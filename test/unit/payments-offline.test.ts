import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OfflinePayments } from '../../src/adapters/local/offline-payments';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { isDomainError } from '../../src/domain/errors';
import type { AuthorizeRequest } from '../../src/ports/payments';

const request = (orderId: string, overrides: Partial<AuthorizeRequest> = {}): AuthorizeRequest => ({
  orderId,
  customerId: 'alice',
  amount: { amount: 1200, currency: 'JPY' },
  paymentMethodId: 'pm_card_visa',
  idempotencyKey: `order-${orderId}-authorize`,
  ...overrides,
});

const ORDERS = 100;

describe('OfflinePayments (durable in the shared SQLite file)', () => {
  let dir: string;
  let file: string;
  const opened: SqliteDb[] = [];
  const open = () => {
    const db = openDatabase(file);
    opened.push(db);
    return db;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'marquee-payments-'));
    file = join(dir, 'marquee.db');
  });
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('remembers payments, refunds and idempotency keys across a restart', async () => {
    const before = new OfflinePayments(open());
    const first = await before.authorize(request('o-1'));
    if (first.outcome !== 'authorized') throw new Error('expected authorized');
    await before.capture({ paymentId: first.paymentId, idempotencyKey: 'order-o-1-capture' });
    const refund = await before.refund({ paymentId: first.paymentId, amount: 200, idempotencyKey: 'order-o-1-refund' });
    opened[0]?.close();

    const after = new OfflinePayments(open());
    expect(await after.authorize(request('o-1'))).toEqual(first);
    expect(await after.refund({ paymentId: first.paymentId, amount: 200, idempotencyKey: 'order-o-1-refund' })).toEqual(refund);
    expect(after.chargesFor('o-1')).toBe(1);
    expect(await after.find('o-1')).toMatchObject({ status: 'captured', amountCaptured: 1200, amountRefunded: 200 });
  });

  it('charges once per key when separate processes race on the same file', async () => {
    new OfflinePayments(open()); // creates the tables before the racers start
    // Each racer loads, says "ready" and waits for "go" on stdin, so that their writes really overlap.
    const script = `
      import { OfflinePayments } from ${JSON.stringify(join(process.cwd(), 'src/adapters/local/offline-payments.ts'))};
      import { openDatabase } from ${JSON.stringify(join(process.cwd(), 'src/adapters/local/sqlite.ts'))};
      const gateway = new OfflinePayments(openDatabase(process.argv[1]));
      process.stderr.write('ready');
      await new Promise((resolve) => process.stdin.once('data', resolve));
      const ids = [];
      for (let i = 0; i < ${ORDERS}; i++) {
        const r = await gateway.authorize({ orderId: 'o-' + i, customerId: 'c', amount: { amount: 500, currency: 'JPY' },
          paymentMethodId: 'pm_card_visa', idempotencyKey: 'order-o-' + i + '-authorize' });
        ids.push(r.paymentId);
      }
      process.stdout.write(JSON.stringify(ids));
      process.exit(0); // no close: a crash-like exit must not lose what was acknowledged
    `;
    const racers = Array.from({ length: 3 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, file], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const ready = new Promise<void>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          err += chunk.toString();
          if (err.startsWith('ready')) resolve();
        });
        child.on('exit', () => resolve()); // a racer that died early fails below, in `done`
      });
      const done = new Promise<string[]>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(err))));
      });
      return { child, ready, done };
    });
    await Promise.all(racers.map((r) => r.ready));
    for (const { child } of racers) child.stdin.end('go');
    const [a, b, c] = await Promise.all(racers.map((r) => r.done));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(new Set(a).size).toBe(ORDERS);
    const gateway = new OfflinePayments(open());
    for (let i = 0; i < ORDERS; i++) expect(gateway.chargesFor(`o-${i}`)).toBe(1);
  }, 30_000);

  it('never refunds more than was captured, whatever the keys', async () => {
    const gateway = new OfflinePayments(open());
    const result = await gateway.authorize(request('o-2'));
    if (result.outcome !== 'authorized') throw new Error('expected authorized');
    await gateway.capture({ paymentId: result.paymentId, idempotencyKey: 'cap' });
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        gateway.refund({ paymentId: result.paymentId, amount: 300, idempotencyKey: `refund-${i}` }),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(4);
    const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(refused.map((a) => (isDomainError(a.reason) ? a.reason.errorType : a.reason))).toEqual(['Conflict', 'Conflict']);
    const total = opened[0]?.prepare('SELECT SUM(amount) AS total FROM payments_refunds').get() as { total: number };
    expect(total.total).toBe(1200);
  });

  it('refuses a key reused for another operation', async () => {
    const gateway = new OfflinePayments(open());
    const result = await gateway.authorize(request('o-3'));
    if (result.outcome !== 'authorized') throw new Error('expected authorized');
    await expect(gateway.capture({ paymentId: result.paymentId, idempotencyKey: 'order-o-3-authorize' })).rejects.toMatchObject({
      errorType: 'Conflict',
    });
    expect(await gateway.find('o-3')).toMatchObject({ status: 'authorized' });
  });

  it('honours the other Stripe test cards and lists every attempt newest first', async () => {
    const gateway = new OfflinePayments(open(), { now: () => new Date('2026-11-25T10:00:00Z') });
    expect(await gateway.authorize(request('o-4', { paymentMethodId: 'pm_card_chargeDeclinedExpiredCard', idempotencyKey: 'a' }))).toMatchObject({
      outcome: 'declined',
      code: 'expired_card',
    });
    expect(await gateway.authorize(request('o-4', { paymentMethodId: 'pm_card_mastercard', idempotencyKey: 'b' }))).toMatchObject({
      outcome: 'authorized',
    });
    expect(gateway.paymentsFor('o-4').map((p) => p.status)).toEqual(['authorized', 'declined']);
    const stamp = opened[0]?.prepare('SELECT DISTINCT created_at AS at FROM payments_intents').all();
    expect(stamp).toEqual([{ at: '2026-11-25T10:00:00.000Z' }]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AslWorkflows } from '../../src/adapters/local/asl-engine';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';

// Not a benchmark (npm run bench measures): many executions at once, and nothing lost under that concurrency.
const executions = 2_000;
const inFlight = 32;
const tasks = Object.fromEntries(
  ['Reserve', 'Authorize', 'Confirm', 'Notify', 'Grant', 'Ship', 'Instruct', 'Compensate'].map((task) => [
    `${task}FunctionArn`,
    async () => ({ ok: true }),
  ]),
);

let dir: string;
let db: SqliteDb;
let workflows: AslWorkflows;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-throughput-'));
  db = openDatabase(join(dir, 'marquee.db'));
  workflows = new AslWorkflows({ db, machines: { checkout: join(import.meta.dirname, '../fixtures/checkout-shaped.asl.json') }, tasks });
});

afterAll(async () => {
  await workflows.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runAll(prefix: string, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const name = `${prefix}-${next++}`;
      await workflows.start('checkout', name, { lines: [{ sku: 'A', quantity: 1 }] });
      await workflows.waitFor(name);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

it(`runs ${executions} checkout-shaped executions at ${inFlight} in flight, all recorded`, async () => {
  await runAll('warmup', 200);
  await runAll('measured', executions);

  const byStatus = db
    .prepare(`SELECT status, COUNT(*) AS n FROM wf_executions WHERE name LIKE 'measured-%' GROUP BY status`)
    .all() as { status: string; n: number }[];
  expect(byStatus).toEqual([{ status: 'SUCCEEDED', n: executions }]);
  const history = db
    .prepare(
      `SELECT SUM(json_array_length(records)) AS n, COUNT(DISTINCT execution) AS executions FROM wf_history_chunks WHERE execution LIKE 'measured-%'`,
    )
    .get() as { n: number; executions: number };
  expect(history.executions).toBe(executions);
  // 7 tasks + the Parallel entered/exited, 3 branches started/succeeded, execution started/succeeded.
  expect(history.n).toBe(executions * (8 * 2 + 3 * 2 + 2));
}, 60_000);

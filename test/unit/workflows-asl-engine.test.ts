import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AslWorkflows } from '../../src/adapters/local/asl-engine';
import type { TaskHandler } from '../../src/adapters/local/asl-task-handlers';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { DomainError } from '../../src/domain/errors';
import { ConcurrencyError } from '../../src/ports/event-store';
import type { HistoryEvent } from '../../src/ports/workflows';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures', name);

const taskNames = ['Reserve', 'Authorize', 'Confirm', 'Notify', 'Grant', 'Ship', 'Instruct', 'Compensate'] as const;
type TaskName = (typeof taskNames)[number];

/** Per test: what each task does, and what it was called with. */
let behaviour: Partial<Record<TaskName, TaskHandler>> = {};
let calls: Record<TaskName, unknown[]>;

const tasks = Object.fromEntries(
  taskNames.map((task) => [
    `${task}FunctionArn`,
    async (input: unknown) => {
      calls[task].push(input);
      return (behaviour[task] ?? (async () => ({ [task.toLowerCase()]: 'done' })))(input);
    },
  ]),
);

const failingTimes = (times: number, makeError: () => Error, then: unknown = { ok: true }): TaskHandler => {
  let failures = 0;
  return async () => {
    if (failures++ < times) throw makeError();
    return then;
  };
};

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

let dir: string;
let db: SqliteDb;
let workflows: AslWorkflows;
let executionCount = 0;
const nextName = () => `order-${++executionCount}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-engine-'));
  db = openDatabase(join(dir, 'marquee.db'));
  workflows = new AslWorkflows({
    db,
    machines: { checkout: fixture('checkout-shaped.asl.json'), mapper: fixture('lambda-map-wait.asl.json') },
    tasks: { ...tasks, DoubleFunctionArn: async (n: unknown) => (n as number) * 2 },
    retryIntervalMs: 0,
    waitTimeMs: 0,
  });
});

afterAll(async () => {
  await workflows.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  behaviour = {};
  calls = Object.fromEntries(taskNames.map((task) => [task, []])) as unknown as Record<TaskName, unknown[]>;
});

const entered = (history: HistoryEvent[]) => history.filter((e) => e.type === 'StateEntered').map((e) => e.stateName);

describe('AslWorkflows running an ASL file', () => {
  it('runs Task, Parallel and the final task to SUCCEEDED, each handler once, with the execution name in $$', async () => {
    const name = nextName();
    expect(await workflows.start('checkout', name, { lines: [{ sku: 'A', quantity: 2 }] })).toEqual({ started: true });
    const execution = await workflows.waitFor(name);

    expect(execution).toMatchObject({ name, machine: 'checkout', status: 'SUCCEEDED', input: { lines: [{ sku: 'A', quantity: 2 }] } });
    expect(execution.stoppedAt).toBeDefined();
    expect(execution.output).toEqual({
      lines: [{ sku: 'A', quantity: 2 }],
      reservation: { reserve: 'done' },
      payment: { authorize: 'done' },
      confirmation: { confirm: 'done' },
      fanOut: [{ notify: 'done' }, { grant: 'done' }, { ship: 'done' }],
      instruction: { instruct: 'done' },
    });
    expect(calls.Reserve).toEqual([{ orderId: name, lines: [{ sku: 'A', quantity: 2 }] }]);
    for (const task of ['Authorize', 'Confirm', 'Notify', 'Grant', 'Ship', 'Instruct'] as const) expect(calls[task]).toHaveLength(1);
    expect(calls.Compensate).toHaveLength(0);
  });

  it('records the history in order', async () => {
    const name = nextName();
    await workflows.start('checkout', name, { lines: [] });
    await workflows.waitFor(name);
    const history = await workflows.history(name);

    expect(history[0]?.type).toBe('ExecutionStarted');
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
    const states = entered(history);
    expect(states.slice(0, 4)).toEqual(['Reserve', 'Authorize', 'Confirm', 'FanOut']);
    expect(new Set(states.slice(4, 7))).toEqual(new Set(['Notify', 'Grant', 'Ship']));
    expect(states[7]).toBe('Instruct');
    const fanOut = history.filter((e) => e.stateName === 'FanOut').map((e) => e.type);
    expect(fanOut).toEqual(['StateEntered', 'BranchStarted', 'BranchStarted', 'BranchStarted', 'BranchSucceeded', 'BranchSucceeded', 'BranchSucceeded', 'StateExited']);
    const confirmEnter = history.findIndex((e) => e.type === 'StateEntered' && e.stateName === 'Confirm');
    const confirmExit = history.findIndex((e) => e.type === 'StateExited' && e.stateName === 'Confirm');
    expect(confirmEnter).toBeLessThan(confirmExit);
    const times = history.map((e) => Date.parse(e.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('retries a transient error (ConcurrencyError) and then succeeds', async () => {
    behaviour.Reserve = failingTimes(2, () => new ConcurrencyError('inventory-A', 3), { reserved: true });
    const name = nextName();
    await workflows.start('checkout', name, { lines: [] });
    const execution = await workflows.waitFor(name);

    expect(execution.status).toBe('SUCCEEDED');
    expect(calls.Reserve).toHaveLength(3);
    expect(execution.output).toMatchObject({ reservation: { reserved: true } });
    const history = await workflows.history(name);
    const retries = history.filter((e) => e.type === 'StateRetried' && e.stateName === 'Reserve');
    expect(retries.map((e) => e.detail?.attempt)).toEqual([1, 2]);
    const failures = history.filter((e) => e.type === 'StateFailed' && e.stateName === 'Reserve');
    expect(failures.map((e) => e.detail?.error)).toEqual(['ConcurrencyError', 'ConcurrencyError']);
  });

  it('catches a DomainError by its errorType, without retrying it, and compensates', async () => {
    behaviour.Authorize = async () => {
      throw new DomainError('PaymentDeclined', 'card declined');
    };
    const name = nextName();
    await workflows.start('checkout', name, { lines: [] });
    const execution = await workflows.waitFor(name);

    expect(execution.status).toBe('FAILED');
    expect(execution.failure).toEqual({ error: 'CheckoutFailed', cause: 'the order could not be completed and was compensated' });
    expect(calls.Authorize).toHaveLength(1);
    expect(calls.Confirm).toHaveLength(0);
    expect(calls.Compensate).toEqual([
      expect.objectContaining({ error: { Error: 'PaymentDeclined', Cause: 'card declined' } }),
    ]);
    const history = await workflows.history(name);
    expect(history.find((e) => e.type === 'StateCaught')).toMatchObject({ stateName: 'Authorize', detail: { next: 'Compensate' } });
    expect(history.at(-1)).toMatchObject({ type: 'ExecutionFailed', detail: { error: 'CheckoutFailed' } });
  });

  it('gives up after MaxAttempts of a retried error and then catches it', async () => {
    behaviour.Authorize = failingTimes(99, () => named('Transient', 'gateway timeout'));
    const name = nextName();
    await workflows.start('checkout', name, { lines: [] });
    const execution = await workflows.waitFor(name);

    expect(execution.status).toBe('FAILED');
    expect(calls.Authorize).toHaveLength(3); // the first attempt + MaxAttempts 2
    expect(calls.Compensate).toEqual([expect.objectContaining({ error: { Error: 'Transient', Cause: 'gateway timeout' } })]);
  });

  it('fails the execution with the error name when nothing catches it', async () => {
    behaviour.Instruct = async () => {
      throw new TypeError('bug in the warehouse task');
    };
    const name = nextName();
    await workflows.start('checkout', name, { lines: [] });
    const execution = await workflows.waitFor(name);

    expect(execution.status).toBe('FAILED');
    expect(execution.failure).toEqual({ error: 'TypeError', cause: 'bug in the warehouse task' });
    expect(calls.Instruct).toHaveLength(4); // Retry States.ALL, MaxAttempts 3
  });

  it('starts an execution name once: a second start, even with other input, starts nothing', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    behaviour.Confirm = async () => {
      await blocked;
      return { confirmed: true };
    };
    const name = nextName();
    expect(await workflows.start('checkout', name, { lines: ['first'] })).toEqual({ started: true });
    await workflows.waitFor(name, { until: () => calls.Confirm.length === 1 });
    expect(await workflows.start('checkout', name, { lines: ['second'] })).toEqual({ started: false });
    release();
    const execution = await workflows.waitFor(name);
    expect(await workflows.start('checkout', name, { lines: ['third'] })).toEqual({ started: false });

    expect(execution.input).toEqual({ lines: ['first'] });
    expect(calls.Reserve).toHaveLength(1);
    expect(calls.Instruct).toHaveLength(1);
    const count = db.prepare('SELECT COUNT(*) AS n FROM wf_executions WHERE name = ?').get(name) as { n: number };
    expect(count.n).toBe(1);
  });

  it('starts one execution when the same name is started many times at once', async () => {
    const name = nextName();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => workflows.start('checkout', name, { lines: [i] })));
    await workflows.waitFor(name);

    expect(results.filter((r) => r.started)).toHaveLength(1);
    expect(calls.Reserve).toHaveLength(1);
    expect(calls.Instruct).toHaveLength(1);
  });

  it('runs the optimized lambda:invoke integration inside a Map, with the Wait overridden', async () => {
    const name = nextName();
    const startedAt = Date.now();
    await workflows.start('mapper', name, { items: [1, 2, 3] });
    const execution = await workflows.waitFor(name);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ items: [1, 2, 3], doubled: [{ value: 2 }, { value: 4 }, { value: 6 }] });
    expect(Date.now() - startedAt).toBeLessThan(5_000); // the 30 s Wait did not run
    const history = await workflows.history(name);
    expect(history.filter((e) => e.type === 'IterationSucceeded').map((e) => e.detail?.index).sort()).toEqual([0, 1, 2]);
  });

  it('describes unknown executions as undefined with an empty history, and refuses unknown machines', async () => {
    expect(await workflows.describe('nope')).toBeUndefined();
    expect(await workflows.history('nope')).toEqual([]);
    await expect(workflows.start('no-such-machine', nextName(), {})).rejects.toThrow(/unknown state machine/);
  });

  it('refuses at construction a machine with a Task that has no handler', () => {
    expect(
      () => new AslWorkflows({ db, machines: { checkout: fixture('checkout-shaped.asl.json') }, tasks: { ReserveFunctionArn: async () => 1 } }),
    ).toThrow(/no task handler for AuthorizeFunctionArn/);
  });
});

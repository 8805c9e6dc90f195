import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AslWorkflows } from '../../src/adapters/local/asl-engine';
import type { TaskHandler } from '../../src/adapters/local/asl-task-handlers';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';

const repoRoot = resolve(import.meta.dirname, '../..');
const checkoutFixture = join(repoRoot, 'test/fixtures/checkout-shaped.asl.json');
const taskNames = ['Reserve', 'Authorize', 'Confirm', 'Notify', 'Grant', 'Ship', 'Instruct', 'Compensate'];

function countingTasks(overrides: Record<string, TaskHandler> = {}) {
  const calls: Record<string, number> = Object.fromEntries(taskNames.map((task) => [task, 0]));
  const tasks = Object.fromEntries(
    taskNames.map((task) => [
      `${task}FunctionArn`,
      async (input: unknown) => {
        calls[task]!++;
        return overrides[task] ? overrides[task](input) : { [task]: 'done' };
      },
    ]),
  );
  return { tasks, calls };
}

function blockingConfirm() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const blocked = new Promise<void>((resolve) => (entered = resolve));
  const handler: TaskHandler = async () => {
    entered();
    await released;
    return { confirmed: true };
  };
  return { handler, blocked, release };
}

let dir: string;
let dbFile: string;
const openDbs: SqliteDb[] = [];
const open = () => {
  const db = openDatabase(dbFile);
  openDbs.push(db);
  return db;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-durable-'));
  dbFile = join(dir, 'marquee.db');
});

afterEach(() => {
  for (const db of openDbs.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('AslWorkflows durability', () => {
  it('leaves an execution aborted by shutdown RUNNING, and a new engine on the same file resumes it to SUCCEEDED', async () => {
    const confirm = blockingConfirm();
    const first = countingTasks({ Confirm: confirm.handler });
    const before = new AslWorkflows({ db: open(), machines: { checkout: checkoutFixture }, tasks: first.tasks });
    await before.start('checkout', 'order-1', { lines: ['A'] });
    await confirm.blocked;
    await before.close({ drainTimeoutMs: 20 });
    confirm.release(); // the abandoned task finishes after shutdown; its result must be ignored
    await new Promise((resolve) => setTimeout(resolve, 20));

    const db = open();
    const after = countingTasks();
    const restarted = new AslWorkflows({ db, machines: { checkout: checkoutFixture }, tasks: after.tasks });
    expect((await restarted.describe('order-1'))?.status).toBe('RUNNING');
    expect(await restarted.resumeUnfinished()).toEqual(['order-1']);
    expect(await restarted.resumeUnfinished()).toEqual([]); // already running here
    const execution = await restarted.waitFor('order-1');
    await restarted.close();

    expect(execution).toMatchObject({ status: 'SUCCEEDED', input: { lines: ['A'] } });
    expect(first.calls.Instruct).toBe(0);
    expect(after.calls).toMatchObject({ Reserve: 1, Confirm: 1, Notify: 1, Instruct: 1 });
    const history = await restarted.history('order-1');
    const types = history.map((e) => e.type);
    const resumedAt = types.indexOf('ExecutionResumed');
    expect(types.slice(0, 2)).toEqual(['ExecutionStarted', 'StateEntered']);
    expect(types.filter((t) => t === 'ExecutionResumed')).toHaveLength(1);
    expect(types.slice(0, resumedAt)).not.toContain('ExecutionAborted');
    expect(types[resumedAt + 1]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    const runs = db.prepare('SELECT runs FROM wf_executions WHERE name = ?').get('order-1') as { runs: number };
    expect(runs.runs).toBe(2);
  });

  it('survives kill -9 of the process running it: the next engine resumes it from the start', async () => {
    const crashing = `
      import { openDatabase } from './src/adapters/local/sqlite.ts';
      import { AslWorkflows } from './src/adapters/local/asl-engine.ts';
      const ok = async () => ({ ok: true });
      const tasks = Object.fromEntries(${JSON.stringify(taskNames)}.map((t) => [t + 'FunctionArn', ok]));
      tasks.ConfirmFunctionArn = () => { process.stdout.write('blocked\\n'); return new Promise(() => {}); };
      const workflows = new AslWorkflows({ db: openDatabase(${JSON.stringify(dbFile)}), machines: { checkout: ${JSON.stringify(checkoutFixture)} }, tasks });
      await workflows.start('checkout', 'order-crash', { lines: ['B'] });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', crashing], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('blocked') && resolve());
        child.on('exit', () => reject(new Error(`child exited before blocking: ${stderr}`)));
      });
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');

    const { tasks, calls } = countingTasks();
    const restarted = new AslWorkflows({ db: open(), machines: { checkout: checkoutFixture }, tasks });
    expect((await restarted.describe('order-crash'))?.status).toBe('RUNNING');
    expect(await restarted.resumeUnfinished()).toEqual(['order-crash']);
    const execution = await restarted.waitFor('order-crash');
    await restarted.close();

    expect(execution).toMatchObject({ status: 'SUCCEEDED', input: { lines: ['B'] } });
    expect(calls).toMatchObject({ Reserve: 1, Confirm: 1, Instruct: 1, Compensate: 0 });
  }, 20_000);

  it('close waits for in-flight executions that finish within the drain time, then refuses new work', async () => {
    const { tasks } = countingTasks({
      Confirm: () => new Promise((resolve) => setTimeout(() => resolve({ confirmed: true }), 50)),
    });
    const workflows = new AslWorkflows({ db: open(), machines: { checkout: checkoutFixture }, tasks });
    await workflows.start('checkout', 'order-drain', { lines: [] });
    expect(workflows.runningCount).toBe(1);
    await workflows.close({ drainTimeoutMs: 5_000 });

    expect(workflows.runningCount).toBe(0);
    expect((await workflows.describe('order-drain'))?.status).toBe('SUCCEEDED');
    expect((await workflows.history('order-drain')).at(-1)?.type).toBe('ExecutionSucceeded');
    await expect(workflows.start('checkout', 'order-late', {})).rejects.toThrow(/shutting down/);
  });
});

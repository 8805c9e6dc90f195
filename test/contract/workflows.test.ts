import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SfnWorkflows } from '../../src/adapters/aws/sfn-workflows';
import { AslWorkflows } from '../../src/adapters/local/asl-engine';
import { openDatabase } from '../../src/adapters/local/sqlite';
import type { Workflows } from '../../src/ports/workflows';
import { FakeStepFunctions } from './workflows-fake-sfn';

interface Runtime {
  readonly workflows: Workflows;
  /** The machine the suite starts: one whose tasks all succeed. */
  readonly machine: string;
  close(): Promise<void>;
}

const oneTaskMachine = {
  StartAt: 'Work',
  States: { Work: { Type: 'Task', Resource: '${WorkFunctionArn}', ResultPath: '$.done', End: true } },
};

const runtimes: Record<string, () => Runtime> = {
  'local ASL engine': () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-contract-'));
    const db = openDatabase(join(dir, 'marquee.db'));
    const workflows = new AslWorkflows({
      db,
      machines: { work: oneTaskMachine as never },
      tasks: { WorkFunctionArn: async () => true },
    });
    return {
      workflows,
      machine: 'work',
      close: async () => {
        await workflows.close();
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  'Step Functions adapter': () => {
    const sfn = new FakeStepFunctions();
    const workflows = new SfnWorkflows({
      client: sfn.client,
      stateMachineArns: { work: 'arn:aws:states:eu-west-1:123456789012:stateMachine:work' },
      pollIntervalMs: 5,
    });
    return { workflows, machine: 'work', close: async () => {} };
  },
};

for (const [runtimeName, create] of Object.entries(runtimes)) {
  describe(`Workflows contract: ${runtimeName}`, () => {
    let runtime: Runtime;
    beforeAll(() => {
      runtime = create();
    });
    afterAll(() => runtime.close());

    it('starts a name once and runs it to SUCCEEDED with its input and output', async () => {
      const { workflows, machine } = runtime;
      expect(await workflows.start(machine, 'order-a', { orderId: 'a' })).toEqual({ started: true });
      const execution = await workflows.waitFor('order-a', { timeoutMs: 5_000 });
      expect(await workflows.start(machine, 'order-a', { orderId: 'a', again: true })).toEqual({ started: false });

      expect(execution).toMatchObject({ name: 'order-a', machine, status: 'SUCCEEDED', input: { orderId: 'a' } });
      expect(execution.output).toEqual({ orderId: 'a', done: true });
      expect(Date.parse(execution.startedAt)).not.toBeNaN();
      expect(Date.parse(execution.stoppedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(execution.startedAt));
    });

    it('gives the history in order, from ExecutionStarted to ExecutionSucceeded, with state names', async () => {
      const { workflows, machine } = runtime;
      await workflows.start(machine, 'order-b', { orderId: 'b' });
      await workflows.waitFor('order-b', { timeoutMs: 5_000 });
      const history = await workflows.history('order-b');

      expect(history.map((e) => [e.type, e.stateName])).toEqual([
        ['ExecutionStarted', undefined],
        ['StateEntered', 'Work'],
        ['StateExited', 'Work'],
        ['ExecutionSucceeded', undefined],
      ]);
      const times = history.map((e) => Date.parse(e.timestamp));
      expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    });

    it('knows nothing of a name never started', async () => {
      expect(await runtime.workflows.describe('never-started')).toBeUndefined();
      expect(await runtime.workflows.history('never-started')).toEqual([]);
      await expect(runtime.workflows.waitFor('never-started', { timeoutMs: 30 })).rejects.toThrow(/did not reach/);
    });

    it('refuses a machine it does not know', async () => {
      await expect(runtime.workflows.start('no-such-machine', 'order-c', {})).rejects.toThrow(/unknown state machine/);
    });
  });
}

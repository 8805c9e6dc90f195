import { expect, it } from 'vitest';
import '../../src/adapters/local/promise-with-resolvers';
import { eventLoggerPatched } from '../../src/adapters/local/asl-event-logger';
import { AbortLatch } from '../../src/adapters/local/asl-abort-latch';
import { ExecutionAbortedError, StateMachine } from 'aws-local-stepfunctions';

/** Parallel branches run as nested executions: aborting the execution must still stop them. */
const definition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      End: true,
      Branches: [
        { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 1, Next: 'After' }, After: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:after', End: true } } },
        { StartAt: 'Quick', States: { Quick: { Type: 'Pass', End: true } } },
      ],
    },
  },
} as const;

it('stops the branches of an aborted execution, and leaves finished ones alone', async () => {
  let afterRan = 0;
  const machine = new StateMachine(definition as never);
  const overrides = { taskResourceLocalHandlers: { After: async () => ((afterRan += 1), {}) }, waitTimeOverrides: { Hold: 100 } };

  const aborted = machine.run({}, { overrides });
  setTimeout(() => aborted.abort(), 20);
  await expect(aborted.result).rejects.toBeInstanceOf(ExecutionAbortedError);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(afterRan).toBe(0);

  const finished = machine.run({}, { overrides });
  expect(await finished.result).toEqual([{}, {}]);
  expect(afterRan).toBe(1);
});

it('runs an execution and its branches without an AbortController each', async () => {
  expect(eventLoggerPatched()).toBe(true);
  const Real = globalThis.AbortController;
  let made = 0;
  globalThis.AbortController = class extends Real {
    constructor() {
      super();
      made += 1;
    }
  };
  try {
    const execution = new StateMachine(definition as never).run({}, {
      overrides: { taskResourceLocalHandlers: { After: async () => ({ after: true }) }, waitTimeOverrides: { Hold: 1 } },
    });
    expect(await execution.result).toEqual([{ after: true }, {}]);
  } finally {
    globalThis.AbortController = Real;
  }
  expect(made).toBe(0);
});

it('a latch calls its listeners once, follows its parent until it detaches, and ignores late listeners', () => {
  const calls: string[] = [];
  const parent = new AbortLatch();
  const child = new AbortLatch(parent);
  const detached = new AbortLatch(parent);
  detached.detach();
  const gone = () => calls.push('removed');
  child.addEventListener('abort', () => calls.push('child'));
  child.addEventListener('abort', gone);
  child.removeEventListener('abort', gone);
  detached.addEventListener('abort', () => calls.push('detached'));
  parent.abort();
  parent.abort();
  expect(calls).toEqual(['child']);
  expect([parent.aborted, child.aborted, detached.aborted]).toEqual([true, true, false]);
  child.addEventListener('abort', () => calls.push('late'));
  child.abort();
  expect(calls).toEqual(['child']);
  // Made under an aborted parent: not aborted by it (the run aborts such a branch itself).
  expect(new AbortLatch(parent).aborted).toBe(false);
  const ac = new AbortController();
  const underSignal = new AbortLatch(ac.signal);
  ac.abort();
  expect(underSignal.aborted).toBe(true);
});

import { expect, it } from 'vitest';
import '../../src/adapters/local/promise-with-resolvers';
import '../../src/adapters/local/asl-branch-abort';
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

import { expect, it } from 'vitest';
import '../../src/adapters/local/promise-with-resolvers';
import '../../src/adapters/local/asl-light-run';
import { eventLoggerPatched, followEvents } from '../../src/adapters/local/asl-event-logger';
import { StateMachine } from 'aws-local-stepfunctions';

/** Fan: a Parallel of a Task (A) and a Pass (B), then Done. */
const fanOut = () =>
  new StateMachine({
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Parallel',
        Next: 'Done',
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:a', End: true } } },
          { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
        ],
      },
      Done: { Type: 'Succeed' },
    },
  } as never);

/** The execution log still delivers every event, in order, and ends — with the lighter wake-up. */
it('logs a Parallel execution from start to end, branch events included', async () => {
  expect(eventLoggerPatched()).toBe(true);
  const machine = fanOut();
  const execution = machine.run({ n: 1 }, { overrides: { taskResourceLocalHandlers: { A: async () => ({ a: true }) } } });
  const seen: string[] = [];
  for await (const event of execution.eventLogs) seen.push(`${event.type}${'state' in event && event.state ? `:${event.state.name}` : ''}`);
  expect(await execution.result).toEqual([{ a: true }, { n: 1 }]);
  expect(seen[0]).toBe('ExecutionStarted');
  expect(seen.at(-1)).toBe('ExecutionSucceeded');
  for (const expected of ['StateEntered:Fan', 'ParallelBranchStarted', 'StateEntered:A', 'StateExited:A', 'StateEntered:B', 'ParallelBranchSucceeded', 'StateExited:Fan', 'StateEntered:Done'])
    expect(seen).toContain(expected);
  expect(seen.indexOf('StateExited:Fan')).toBeGreaterThan(seen.lastIndexOf('ParallelBranchSucceeded'));
});

it('hands every event to a follower as it is dispatched, branch events in their place', async () => {
  const machine = fanOut();
  const seen: string[] = [];
  let seenWhenTaskRan: string[] = [];
  const execution = machine.run({}, { overrides: { taskResourceLocalHandlers: { A: async () => ((seenWhenTaskRan = [...seen]), 1) } } });
  const label = (event: unknown) => {
    const { type, state, parentState } = event as { type: string; state?: { name: string }; parentState?: { name: string } };
    return `${type}:${state?.name ?? parentState?.name}`;
  };
  expect(followEvents(execution.eventLogs, (event) => seen.push(label(event)))).toBe(true);
  await execution.result;
  // Forwarded as they happen, a branch's events are already in the parent's log when its task runs.
  expect(seenWhenTaskRan).toContain('StateEntered:A');
  expect(seen.slice(0, 3)).toEqual(['ExecutionStarted:undefined', 'StateEntered:Fan', 'ParallelBranchStarted:Fan']);
  expect(seen.filter((e) => e.startsWith('ParallelBranch'))).toEqual([
    'ParallelBranchStarted:Fan', 'ParallelBranchStarted:Fan', 'ParallelBranchSucceeded:Fan', 'ParallelBranchSucceeded:Fan',
  ]);
  for (const state of ['A', 'B']) expect(seen.indexOf(`StateExited:${state}`)).toBeGreaterThan(seen.indexOf(`StateEntered:${state}`));
  expect(seen.slice(-4)).toEqual(['StateExited:Fan', 'StateEntered:Done', 'StateExited:Done', 'ExecutionSucceeded:undefined']);
  const rest: unknown[] = [];
  for await (const event of execution.eventLogs) rest.push(event);
  expect(rest).toEqual([]);
  expect(followEvents((async function* () {})(), () => {})).toBe(false);
});

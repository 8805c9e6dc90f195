import { describe, expect, it } from 'vitest';
import { handlerKeyOf, parseAsl, readAslFile, summarizeAsl, withLocalResources } from '../../src/adapters/local/asl-definition';
import { causeText, historyJsonOf, historyRecordJson, historyTypeOf, isPlainHistoryEvent, plainRecordJson, toHistoryRecord } from '../../src/adapters/local/asl-history';
import { AslExecutionStore } from '../../src/adapters/local/asl-store';
import { openDatabase } from '../../src/adapters/local/sqlite';
import { bindTaskHandlers } from '../../src/adapters/local/asl-task-handlers';
import { DomainError } from '../../src/domain/errors';
import { ConcurrencyError } from '../../src/ports/event-store';
import { asWorkflowError, workflowErrorName } from '../../src/ports/workflows';

const checkout = readAslFile(new URL('../fixtures/checkout-shaped.asl.json', import.meta.url).pathname);

describe('workflow error names', () => {
  it('names a DomainError by its errorType and anything else by its name', () => {
    expect(workflowErrorName(new DomainError('OutOfStock', 'sku A'))).toBe('OutOfStock');
    expect(workflowErrorName(new ConcurrencyError('inventory-A', 2))).toBe('ConcurrencyError');
    expect(workflowErrorName(new RangeError('x'))).toBe('RangeError');
    expect(workflowErrorName('a string')).toBe('Error');
  });

  it('renames without losing the message, and leaves well-named errors as they are', () => {
    const renamed = asWorkflowError(new DomainError('PaymentDeclined', 'card declined'));
    expect([renamed.name, renamed.message, renamed.cause]).toEqual(['PaymentDeclined', 'card declined', undefined]);
    const concurrency = new ConcurrencyError('order-1', 1);
    expect(asWorkflowError(concurrency)).toBe(concurrency);
    expect(asWorkflowError(42)).toMatchObject({ name: 'Error', message: '42' });
  });
});

describe('ASL definitions', () => {
  it('finds every Task, nested ones included, keyed by placeholder name', () => {
    const summary = summarizeAsl(checkout);
    expect(summary.tasks.map((t) => [t.stateName, t.handlerKey])).toEqual([
      ['Reserve', 'ReserveFunctionArn'],
      ['Authorize', 'AuthorizeFunctionArn'],
      ['Confirm', 'ConfirmFunctionArn'],
      ['Notify', 'NotifyFunctionArn'],
      ['Grant', 'GrantFunctionArn'],
      ['Ship', 'ShipFunctionArn'],
      ['Instruct', 'InstructFunctionArn'],
      ['Compensate', 'CompensateFunctionArn'],
    ]);
    expect(summary.retryableStates).toEqual(['Reserve', 'Authorize', 'Confirm', 'Notify', 'Grant', 'Ship', 'Instruct']);
    expect(handlerKeyOf('${ReserveStockFunctionArn}')).toBe('ReserveStockFunctionArn');
    expect(handlerKeyOf('arn:aws:lambda:eu-west-1:1:function:f')).toBe('arn:aws:lambda:eu-west-1:1:function:f');
  });

  it('gives the interpreter ARN-shaped resources and Step Functions-like task timeouts, leaving the original alone', () => {
    const definition = parseAsl({
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: '${AFunctionArn}', Next: 'B' },
        B: { Type: 'Task', Resource: '${BFunctionArn}', TimeoutSeconds: 5, End: true },
      },
    });
    const local = withLocalResources(definition) as unknown as { States: Record<string, { Resource: string; TimeoutSeconds?: number }> };
    expect(local.States.A).toMatchObject({ Resource: 'arn:aws:lambda:local-1:000000000000:function:AFunctionArn', TimeoutSeconds: 2_000_000 });
    expect(local.States.B?.TimeoutSeconds).toBe(5);
    expect((definition.States.A as { Resource: string }).Resource).toBe('${AFunctionArn}');
    expect(() => parseAsl({ States: {} }, 'broken.asl.json')).toThrow(/broken.asl.json is not an ASL state machine/);
  });

  it('binds handlers by state name and renames what they throw', async () => {
    const handlers = bindTaskHandlers('m', summarizeAsl(checkout).tasks, {
      ...Object.fromEntries(summarizeAsl(checkout).tasks.map((t) => [t.handlerKey, async () => undefined])),
      AuthorizeFunctionArn: async () => {
        throw new DomainError('PaymentDeclined', 'declined');
      },
    });
    expect(await handlers.Reserve!({})).toBeNull();
    await expect(handlers.Authorize!({})).rejects.toMatchObject({ name: 'PaymentDeclined', message: 'declined' });
  });
});

describe('history records', () => {
  const exited = { type: 'StateExited', timestamp: 5, state: { name: 'Reserve', type: 'Task', input: { a: 1 }, output: { b: 2 } } };

  it('keeps state input and output only in full detail', () => {
    expect(toHistoryRecord(exited, 'compact')).toEqual({ at: 5, type: 'StateExited', stateName: 'Reserve', detail: { stateType: 'Task' } });
    expect(toHistoryRecord(exited, 'full')?.detail).toEqual({ stateType: 'Task', output: { b: 2 } });
  });

  it('renames timeouts and branch events, and records failures with a readable cause', () => {
    expect(toHistoryRecord({ type: 'ExecutionTimeout', timestamp: 1 }, 'compact')).toEqual({ at: 1, type: 'ExecutionTimedOut' });
    expect(
      toHistoryRecord({ type: 'ParallelBranchFailed', timestamp: 2, parentState: { name: 'FanOut' }, Error: 'E', Cause: new Error('boom') }, 'compact'),
    ).toEqual({ at: 2, type: 'BranchFailed', stateName: 'FanOut', detail: { error: 'E', cause: 'boom' } });
    expect(toHistoryRecord({ type: 'SomethingNew', timestamp: 3 }, 'full')).toBeUndefined();
    expect(causeText({ reason: 'x' })).toBe('{"reason":"x"}');
  });

  it('writes each record as the JSON of the record, whatever its shape', () => {
    const records = [
      toHistoryRecord(exited, 'compact')!,
      toHistoryRecord(exited, 'full')!,
      { at: 1, type: 'ExecutionStarted' as const },
      { at: 2, type: 'StateEntered' as const, stateName: 'Say "hi"\n', detail: { stateType: 'Task' } },
      { at: 3, type: 'StateRetried' as const, stateName: 'Reserve', detail: { stateType: 'Task', attempt: 2, errorEquals: ['ConcurrencyError'] } },
      { at: 4, type: 'BranchFailed' as const, detail: { error: 'E', cause: 'ünïcode "quoted"' } },
    ];
    for (const record of records) {
      expect(historyRecordJson(record)).toBe(JSON.stringify(record));
      expect(JSON.parse(historyRecordJson(record))).toEqual(record);
    }
  });

  it('writes an event straight to the JSON of its record, stamped with the time given', () => {
    const events = [
      exited,
      { type: 'ExecutionStarted', timestamp: 1, input: { orderId: 'o-1' } },
      { type: 'StateEntered', timestamp: 2, state: { name: 'Say "hi"\n', type: 'Task', input: {} } },
      { type: 'ParallelBranchStarted', timestamp: 3, parentState: { name: 'Fulfil' } },
      { type: 'StateRetried', timestamp: 4, state: { name: 'Reserve', type: 'Task' }, retry: { attempt: 2, retrier: { ErrorEquals: ['ConcurrencyError'] } } },
      { type: 'ParallelBranchFailed', timestamp: 5, parentState: { name: 'FanOut' }, Error: 'E', Cause: 'ünïcode "quoted"' },
      { type: 'StateEntered', timestamp: 6, index: 1, state: { name: 'Item', type: 'Pass' } },
    ];
    for (const event of events)
      for (const detail of ['compact', 'full'] as const)
        expect(historyJsonOf(event, historyTypeOf(event)!, detail, 9)).toBe(JSON.stringify({ ...toHistoryRecord(event, detail), at: 9 }));
    expect(historyTypeOf({ type: 'SomethingNew', timestamp: 3 })).toBeUndefined();
  });

  it('writes a record of the common shape from its parts as JSON.stringify writes the record', () => {
    expect(plainRecordJson(1, 'ExecutionStarted', undefined, undefined)).toBe(JSON.stringify({ at: 1, type: 'ExecutionStarted' }));
    expect(plainRecordJson(2, 'BranchStarted', 'Fulfil', undefined)).toBe(JSON.stringify({ at: 2, type: 'BranchStarted', stateName: 'Fulfil' }));
    const entered = { at: 3, type: 'StateEntered', stateName: 'Say "hi"\n', detail: { stateType: 'Task' } };
    expect(plainRecordJson(3, 'StateEntered', 'Say "hi"\n', 'Task')).toBe(JSON.stringify(entered));
    expect(isPlainHistoryEvent({ type: 'StateEntered', timestamp: 1, state: { name: 'A', type: 'Task', input: {} } }, 'compact')).toBe(true);
    expect(isPlainHistoryEvent({ type: 'StateEntered', timestamp: 1, state: { name: 'A', type: 'Task', input: {} } }, 'full')).toBe(false);
    expect(isPlainHistoryEvent({ type: 'StateRetried', timestamp: 1, retry: { attempt: 1, retrier: { ErrorEquals: ['E'] } } }, 'compact')).toBe(false);
  });

  it('keeps records queued by their parts and as JSON in order, in one chunk and across chunks', () => {
    const db = openDatabase(':memory:');
    const store = new AslExecutionStore(db);
    store.queueHistoryParts('x', 1, 10, 'ExecutionStarted', undefined, undefined);
    store.queueHistoryParts('x', 2, 11, 'StateEntered', 'Reserve', 'Task');
    store.queueHistoryJson('x', 3, JSON.stringify({ at: 12, type: 'StateRetried', stateName: 'Reserve', detail: { stateType: 'Task', attempt: 1 } }));
    store.queueHistoryParts('x', 4, 13, 'StateExited', 'Reserve', 'Task');
    const first = [
      { at: 10, type: 'ExecutionStarted' },
      { at: 11, type: 'StateEntered', stateName: 'Reserve', detail: { stateType: 'Task' } },
      { at: 12, type: 'StateRetried', stateName: 'Reserve', detail: { stateType: 'Task', attempt: 1 } },
      { at: 13, type: 'StateExited', stateName: 'Reserve', detail: { stateType: 'Task' } },
    ];
    expect(store.history('x')).toEqual(first);
    // Written by history(); what follows goes to a chunk of its own.
    store.queueHistoryParts('x', 5, 14, 'ExecutionSucceeded', undefined, undefined);
    expect(store.history('x')).toEqual([...first, { at: 14, type: 'ExecutionSucceeded' }]);
    store.dispose();
    db.close();
  });
});

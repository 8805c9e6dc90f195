import { describe, expect, it } from 'vitest';
import { executionArnOf, SfnWorkflows, toHistory } from '../../src/adapters/aws/sfn-workflows';
import { FakeStepFunctions } from './workflows-fake-sfn';

const checkoutArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:marquee-checkout';
const ingestArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:marquee-video-ingest';

function setup() {
  const sfn = new FakeStepFunctions();
  const workflows = new SfnWorkflows({
    client: sfn.client,
    stateMachineArns: { checkout: checkoutArn, 'video-ingest': ingestArn },
    pollIntervalMs: 5,
  });
  return { sfn, workflows };
}

describe('SfnWorkflows requests', () => {
  it('starts with the execution name and the JSON input on the machine ARN', async () => {
    const { sfn, workflows } = setup();
    expect(await workflows.start('video-ingest', 'video-42', { videoId: '42', key: 'uploads/42.mp4' })).toEqual({ started: true });

    expect(sfn.sent).toEqual([
      {
        operation: 'StartExecution',
        body: { stateMachineArn: ingestArn, name: 'video-42', input: '{"videoId":"42","key":"uploads/42.mp4"}' },
      },
    ]);
  });

  it('reports started: false when Step Functions answers ExecutionAlreadyExists', async () => {
    const { sfn, workflows } = setup();
    await workflows.start('checkout', 'order-1', { orderId: '1' });
    expect(await workflows.start('checkout', 'order-1', { orderId: '1' })).toEqual({ started: false }); // finished
    sfn.script = () => {}; // the next ones stay RUNNING
    await workflows.start('checkout', 'order-2', { orderId: '2' });
    expect(await workflows.start('checkout', 'order-2', { orderId: 'other' })).toEqual({ started: false });
    expect(sfn.executions.size).toBe(2);
  });

  it('passes other errors through', async () => {
    const { sfn, workflows } = setup();
    sfn.nextError = 'ThrottlingException';
    await expect(workflows.start('checkout', 'order-3', {})).rejects.toMatchObject({ name: 'ThrottlingException' });
    sfn.nextError = 'AccessDeniedException';
    await expect(workflows.describe('order-3')).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('describes by looking the name up under each machine, and maps a failure', async () => {
    const { sfn, workflows } = setup();
    sfn.script = (execution) => {
      Object.assign(execution, { status: 'FAILED', error: 'TranscodeFailed', cause: 'no video stream', stopDate: execution.startDate + 1500 });
    };
    await workflows.start('video-ingest', 'video-7', { videoId: '7' });
    sfn.sent.length = 0;
    const execution = await workflows.describe('video-7');

    expect(sfn.sent).toEqual([
      { operation: 'DescribeExecution', body: { executionArn: executionArnOf(checkoutArn, 'video-7') } },
      { operation: 'DescribeExecution', body: { executionArn: executionArnOf(ingestArn, 'video-7') } },
    ]);
    expect(executionArnOf(ingestArn, 'video-7')).toBe('arn:aws:states:eu-west-1:123456789012:execution:marquee-video-ingest:video-7');
    expect(execution).toEqual({
      name: 'video-7',
      machine: 'video-ingest',
      status: 'FAILED',
      input: { videoId: '7' },
      failure: { error: 'TranscodeFailed', cause: 'no video stream' },
      startedAt: expect.any(String),
      stoppedAt: expect.any(String),
    });
    expect(Date.parse(execution!.stoppedAt!) - Date.parse(execution!.startedAt)).toBe(1500);
  });

  it('reads every page of the history', async () => {
    const { sfn, workflows } = setup();
    await workflows.start('checkout', 'order-4', { orderId: '4' });
    sfn.historyPageSize = 3;
    sfn.sent.length = 0;
    const history = await workflows.history('order-4');

    expect(history.map((e) => e.type)).toEqual(['ExecutionStarted', 'StateEntered', 'StateExited', 'ExecutionSucceeded']);
    expect(sfn.sent.map((r) => r.body)).toEqual([
      { executionArn: executionArnOf(checkoutArn, 'order-4'), maxResults: 1000, includeExecutionData: true },
      { executionArn: executionArnOf(checkoutArn, 'order-4'), maxResults: 1000, includeExecutionData: true, nextToken: '3' },
      { executionArn: executionArnOf(checkoutArn, 'order-4'), maxResults: 1000, includeExecutionData: true, nextToken: '6' },
    ]);
  });
});

describe('toHistory (Step Functions history in the port vocabulary)', () => {
  const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, second));
  const lambda = { resourceType: 'lambda', resource: 'invoke' };

  it('names task events after their state, turns a reschedule after a failure into a retry, and keeps failures', () => {
    const history = toHistory([
      { id: 1, timestamp: at(0), type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}' } },
      { id: 2, previousEventId: 1, timestamp: at(1), type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'ReserveStock' } },
      { id: 3, previousEventId: 2, timestamp: at(1), type: 'TaskScheduled', taskScheduledEventDetails: { ...lambda, region: 'eu-west-1', parameters: '{}' } },
      { id: 4, previousEventId: 3, timestamp: at(1), type: 'TaskStarted', taskStartedEventDetails: lambda },
      { id: 5, previousEventId: 4, timestamp: at(2), type: 'TaskFailed', taskFailedEventDetails: { ...lambda, error: 'ConcurrencyError', cause: 'stream moved' } },
      { id: 6, previousEventId: 5, timestamp: at(3), type: 'TaskScheduled', taskScheduledEventDetails: { ...lambda, region: 'eu-west-1', parameters: '{}' } },
      { id: 7, previousEventId: 6, timestamp: at(3), type: 'TaskStarted', taskStartedEventDetails: lambda },
      { id: 8, previousEventId: 7, timestamp: at(4), type: 'TaskFailed', taskFailedEventDetails: { ...lambda, error: 'OutOfStock', cause: 'sku A' } },
      { id: 9, previousEventId: 8, timestamp: at(4), type: 'TaskStateExited', stateExitedEventDetails: { name: 'ReserveStock' } },
      { id: 10, previousEventId: 9, timestamp: at(4), type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Compensate' } },
      { id: 11, previousEventId: 10, timestamp: at(5), type: 'TaskStateExited', stateExitedEventDetails: { name: 'Compensate' } },
      { id: 12, previousEventId: 11, timestamp: at(5), type: 'FailStateEntered', stateEnteredEventDetails: { name: 'OrderFailed' } },
      { id: 13, previousEventId: 12, timestamp: at(5), type: 'ExecutionFailed', executionFailedEventDetails: { error: 'OrderFailed', cause: 'OUT_OF_STOCK' } },
    ]);

    expect(history).toEqual([
      { timestamp: at(0).toISOString(), type: 'ExecutionStarted' },
      { timestamp: at(1).toISOString(), type: 'StateEntered', stateName: 'ReserveStock', detail: { stateType: 'Task' } },
      { timestamp: at(2).toISOString(), type: 'StateFailed', stateName: 'ReserveStock', detail: { error: 'ConcurrencyError', cause: 'stream moved' } },
      { timestamp: at(3).toISOString(), type: 'StateRetried', stateName: 'ReserveStock', detail: { attempt: 1 } },
      { timestamp: at(4).toISOString(), type: 'StateFailed', stateName: 'ReserveStock', detail: { error: 'OutOfStock', cause: 'sku A' } },
      { timestamp: at(4).toISOString(), type: 'StateExited', stateName: 'ReserveStock', detail: { stateType: 'Task' } },
      { timestamp: at(4).toISOString(), type: 'StateEntered', stateName: 'Compensate', detail: { stateType: 'Task' } },
      { timestamp: at(5).toISOString(), type: 'StateExited', stateName: 'Compensate', detail: { stateType: 'Task' } },
      { timestamp: at(5).toISOString(), type: 'StateEntered', stateName: 'OrderFailed', detail: { stateType: 'Fail' } },
      { timestamp: at(5).toISOString(), type: 'ExecutionFailed', detail: { error: 'OrderFailed', cause: 'OUT_OF_STOCK' } },
    ]);
  });

  it('maps Parallel and Map states and iterations, in event id order', () => {
    const history = toHistory([
      { id: 4, previousEventId: 3, timestamp: at(2), type: 'MapIterationSucceeded', mapIterationSucceededEventDetails: { name: 'Renditions', index: 0 } },
      { id: 1, timestamp: at(0), type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'FanOut' } },
      { id: 2, previousEventId: 1, timestamp: at(1), type: 'ParallelStateStarted' },
      { id: 3, previousEventId: 2, timestamp: at(1), type: 'MapIterationStarted', mapIterationStartedEventDetails: { name: 'Renditions', index: 0 } },
      { id: 5, previousEventId: 4, timestamp: at(3), type: 'ParallelStateExited', stateExitedEventDetails: { name: 'FanOut' } },
    ]);

    expect(history.map((e) => [e.type, e.stateName, e.detail])).toEqual([
      ['StateEntered', 'FanOut', { stateType: 'Parallel' }],
      ['IterationStarted', 'Renditions', { index: 0 }],
      ['IterationSucceeded', 'Renditions', { index: 0 }],
      ['StateExited', 'FanOut', { stateType: 'Parallel' }],
    ]);
  });
});

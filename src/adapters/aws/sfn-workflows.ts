import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent as SfnHistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { pollExecution } from '../../ports/workflows';
import type {
  ExecutionDescription,
  ExecutionStatus,
  HistoryEvent,
  HistoryEventType,
  WaitForOptions,
  Workflows,
} from '../../ports/workflows';

export interface SfnWorkflowsOptions {
  readonly client: Pick<SFNClient, 'send'>;
  /** Machine name (as the app calls it: `checkout`, `video-ingest`) -> state machine ARN. */
  readonly stateMachineArns: Readonly<Record<string, string>>;
  /** waitFor's polling interval; Step Functions throttles DescribeExecution. */
  readonly pollIntervalMs?: number;
}

/**
 * The Workflows port over Step Functions (standard workflows).
 *
 * Idempotent start: StartExecution with the execution name; ExecutionAlreadyExists (the name was
 * used, with other input or by a finished execution) reports started: false. One difference from the
 * local runtime: Step Functions answers a repeat of the same name and the *same input* while that
 * execution is still RUNNING with success, so that call reports started: true, although
 * Step Functions ran nothing new.
 *
 * Execution names are unique per state machine in AWS; describe/history look the name up under
 * each configured machine in turn (there are few), so names must be unique across machines.
 */
export class SfnWorkflows implements Workflows {
  private readonly client: Pick<SFNClient, 'send'>;
  private readonly arns: Readonly<Record<string, string>>;
  private readonly pollIntervalMs: number;

  constructor(options: SfnWorkflowsOptions) {
    this.client = options.client;
    this.arns = options.stateMachineArns;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
  }

  async start(machine: string, executionName: string, input: object): Promise<{ started: boolean }> {
    const stateMachineArn = this.arns[machine];
    if (!stateMachineArn) throw new Error(`unknown state machine ${machine}`);
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify(input) }));
      return { started: true };
    } catch (error) {
      if (errorName(error) === 'ExecutionAlreadyExists') return { started: false };
      throw error;
    }
  }

  async describe(executionName: string): Promise<ExecutionDescription | undefined> {
    for (const [machine, stateMachineArn] of Object.entries(this.arns)) {
      const found = await this.describeArn(executionArnOf(stateMachineArn, executionName));
      if (found) return toDescription(machine, executionName, found);
    }
    return undefined;
  }

  async history(executionName: string): Promise<HistoryEvent[]> {
    for (const stateMachineArn of Object.values(this.arns)) {
      const events = await this.historyOf(executionArnOf(stateMachineArn, executionName));
      if (events) return toHistory(events);
    }
    return [];
  }

  waitFor(executionName: string, options?: WaitForOptions): Promise<ExecutionDescription> {
    return pollExecution((name) => this.describe(name), executionName, options, this.pollIntervalMs);
  }

  private async describeArn(executionArn: string): Promise<DescribeExecutionCommandOutput | undefined> {
    try {
      return await this.client.send(new DescribeExecutionCommand({ executionArn }));
    } catch (error) {
      if (errorName(error) === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  }

  private async historyOf(executionArn: string): Promise<SfnHistoryEvent[] | undefined> {
    const events: SfnHistoryEvent[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: true, nextToken }),
        );
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
    } catch (error) {
      if (errorName(error) === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
    return events;
  }
}

const errorName = (error: unknown): string | undefined => (error instanceof Error ? error.name : undefined);

/** arn:aws:states:<region>:<account>:stateMachine:<machine> -> arn:aws:states:<region>:<account>:execution:<machine>:<name> */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

const parseJson = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text));

function toStatus(status: string | undefined): ExecutionStatus {
  switch (status) {
    case 'SUCCEEDED':
    case 'FAILED':
    case 'ABORTED':
    case 'TIMED_OUT':
      return status;
    default:
      return 'RUNNING'; // RUNNING, and PENDING_REDRIVE: a redrive is about to run it again
  }
}

function toDescription(machine: string, name: string, output: DescribeExecutionCommandOutput): ExecutionDescription {
  const result = parseJson(output.output);
  return {
    name,
    machine,
    status: toStatus(output.status),
    input: parseJson(output.input) ?? {},
    ...(result !== undefined && { output: result }),
    ...(output.error !== undefined && { failure: { error: output.error, cause: output.cause ?? '' } }),
    startedAt: (output.startDate ?? new Date(0)).toISOString(),
    ...(output.stopDate && { stoppedAt: output.stopDate.toISOString() }),
  };
}

const executionTypes: Readonly<Record<string, HistoryEventType>> = {
  ExecutionStarted: 'ExecutionStarted',
  ExecutionRedriven: 'ExecutionResumed',
  ExecutionSucceeded: 'ExecutionSucceeded',
  ExecutionFailed: 'ExecutionFailed',
  ExecutionAborted: 'ExecutionAborted',
  ExecutionTimedOut: 'ExecutionTimedOut',
  MapIterationStarted: 'IterationStarted',
  MapIterationSucceeded: 'IterationSucceeded',
  MapIterationFailed: 'IterationFailed',
};

const failureTypes = new Set([
  'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed',
  'LambdaFunctionFailed', 'LambdaFunctionTimedOut', 'LambdaFunctionStartFailed', 'LambdaFunctionScheduleFailed',
  'ActivityFailed', 'ActivityTimedOut', 'ActivityScheduleFailed',
]);

const scheduledTypes = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);

/** The `{ error, cause }` of whichever `*EventDetails` a failure event carries. */
function failureOf(event: SfnHistoryEvent): { error: string; cause: string } | undefined {
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    const { error, cause } = value as { error?: string; cause?: string };
    if (error !== undefined || cause !== undefined) return { error: error ?? '', cause: cause ?? '' };
  }
  return undefined;
}

/**
 * Step Functions' history in the port's vocabulary. Task/Lambda events carry no state name: they
 * inherit it from the event they follow (previousEventId). A state scheduling its task again after
 * a failure is a retry.
 */
export function toHistory(events: readonly SfnHistoryEvent[]): HistoryEvent[] {
  const stateOfEvent = new Map<number, string>();
  const failedStates = new Set<string>();
  const retries = new Map<string, number>();
  const history: HistoryEvent[] = [];
  for (const event of [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
    const sfnType = event.type ?? '';
    const ownState =
      event.stateEnteredEventDetails?.name ??
      event.stateExitedEventDetails?.name ??
      event.mapIterationStartedEventDetails?.name ??
      event.mapIterationSucceededEventDetails?.name ??
      event.mapIterationFailedEventDetails?.name;
    const stateName = ownState ?? (event.previousEventId !== undefined ? stateOfEvent.get(event.previousEventId) : undefined);
    if (stateName !== undefined && event.id !== undefined) stateOfEvent.set(event.id, stateName);
    const mapped = mapEvent(event, sfnType, stateName, failedStates, retries);
    if (mapped) {
      const ofState = stateName !== undefined && !mapped.type.startsWith('Execution');
      history.push({
        timestamp: (event.timestamp ?? new Date(0)).toISOString(),
        type: mapped.type,
        ...(ofState && { stateName }),
        ...(mapped.detail && { detail: mapped.detail }),
      });
    }
  }
  return history;
}

function mapEvent(
  event: SfnHistoryEvent,
  sfnType: string,
  stateName: string | undefined,
  failedStates: Set<string>,
  retries: Map<string, number>,
): { type: HistoryEventType; detail?: Record<string, unknown> } | undefined {
  const stateType = /^(\w+?)State(Entered|Exited)$/.exec(sfnType);
  if (stateType && stateName !== undefined) {
    failedStates.delete(stateName);
    if (stateType[2] === 'Entered') retries.delete(stateName);
    return { type: stateType[2] === 'Entered' ? 'StateEntered' : 'StateExited', detail: { stateType: stateType[1] } };
  }
  if (failureTypes.has(sfnType)) {
    if (stateName !== undefined) failedStates.add(stateName);
    return { type: 'StateFailed', ...(failureOf(event) && { detail: failureOf(event) }) };
  }
  if (scheduledTypes.has(sfnType) && stateName !== undefined && failedStates.has(stateName)) {
    failedStates.delete(stateName);
    const attempt = (retries.get(stateName) ?? 0) + 1;
    retries.set(stateName, attempt);
    return { type: 'StateRetried', detail: { attempt } };
  }
  const type = executionTypes[sfnType];
  if (!type) return undefined;
  const index =
    event.mapIterationStartedEventDetails?.index ??
    event.mapIterationSucceededEventDetails?.index ??
    event.mapIterationFailedEventDetails?.index;
  const failure = type === 'ExecutionFailed' || type === 'IterationFailed' ? failureOf(event) : undefined;
  const detail = { ...(index !== undefined && { index }), ...failure };
  return { type, ...(Object.keys(detail).length > 0 && { detail }) };
}

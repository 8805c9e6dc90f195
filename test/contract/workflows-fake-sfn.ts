import { Readable } from 'node:stream';
import { SFNClient } from '@aws-sdk/client-sfn';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';

/** One request the SDK put on the wire: the operation (from X-Amz-Target) and its JSON body. */
export interface SentRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

interface FakeExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  events: Record<string, unknown>[];
}

/**
 * A scripted Step Functions behind a real SFNClient: the SDK serializes every command and parses
 * every answer (errors included) as it would against AWS; only the HTTP round trip is replaced.
 * StartExecution follows Step Functions' rules for names; executions finish as `script` says.
 */
export class FakeStepFunctions {
  readonly sent: SentRequest[] = [];
  readonly executions = new Map<string, FakeExecution>();
  /** Decides how a started execution ends; by default it succeeds at once with a one-task history. */
  script: (execution: FakeExecution) => void = succeedWithOneTask;
  historyPageSize = 1000;
  /** When set, the next request fails with this error type (then it clears). */
  nextError: string | undefined;

  readonly client = new SFNClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: { handle: (request: HttpRequest) => this.handle(request) },
  });

  private async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.split('.').pop() ?? '';
    const raw: unknown = request.body;
    const body = JSON.parse(raw instanceof Uint8Array ? new TextDecoder().decode(raw) : String(raw)) as Record<string, unknown>;
    this.sent.push({ operation, body });
    const [status, answer] = this.answer(operation, body);
    return {
      response: new HttpResponse({
        statusCode: status,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: Readable.from([Buffer.from(JSON.stringify(answer))]),
      }),
    };
  }

  private answer(operation: string, body: Record<string, unknown>): [number, unknown] {
    if (this.nextError) {
      const type = this.nextError;
      this.nextError = undefined;
      return [400, { __type: type, message: 'scripted failure' }];
    }
    switch (operation) {
      case 'StartExecution':
        return this.startExecution(body.stateMachineArn as string, body.name as string, body.input as string);
      case 'DescribeExecution': {
        const execution = this.executions.get(body.executionArn as string);
        if (!execution) return notFound(body.executionArn as string);
        const { events: _events, startDate, stopDate, ...rest } = execution;
        return [200, { ...rest, startDate: startDate / 1000, ...(stopDate && { stopDate: stopDate / 1000 }) }];
      }
      case 'GetExecutionHistory': {
        const execution = this.executions.get(body.executionArn as string);
        if (!execution) return notFound(body.executionArn as string);
        const from = Number(body.nextToken ?? 0);
        const to = from + Math.min(this.historyPageSize, Number(body.maxResults ?? 1000));
        const events = execution.events.slice(from, to);
        return [200, { events, ...(to < execution.events.length && { nextToken: String(to) }) }];
      }
      default:
        return [400, { __type: 'UnknownOperationException', message: operation }];
    }
  }

  private startExecution(stateMachineArn: string, name: string, input: string): [number, unknown] {
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // Step Functions: the same name and input while RUNNING is the same request again; anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return [200, { executionArn, startDate: existing.startDate / 1000 }];
      }
      return [400, { __type: 'com.amazonaws.states#ExecutionAlreadyExists', message: `Execution Already Exists: '${executionArn}'` }];
    }
    const execution: FakeExecution = { executionArn, stateMachineArn, name, input, status: 'RUNNING', startDate: Date.now(), events: [] };
    this.executions.set(executionArn, execution);
    this.script(execution);
    return [200, { executionArn, startDate: execution.startDate / 1000 }];
  }
}

const notFound = (executionArn: string): [number, unknown] => [
  400,
  { __type: 'com.amazonaws.states#ExecutionDoesNotExist', message: `Execution Does Not Exist: '${executionArn}'` },
];

export function succeedWithOneTask(execution: FakeExecution): void {
  const at = execution.startDate / 1000;
  const output = JSON.stringify({ ...JSON.parse(execution.input), done: true });
  execution.events = [
    { id: 1, timestamp: at, type: 'ExecutionStarted', previousEventId: 0, executionStartedEventDetails: { input: execution.input } },
    { id: 2, timestamp: at, type: 'TaskStateEntered', previousEventId: 1, stateEnteredEventDetails: { name: 'Work', input: execution.input } },
    { id: 3, timestamp: at, type: 'TaskScheduled', previousEventId: 2, taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'eu-west-1', parameters: '{}' } },
    { id: 4, timestamp: at, type: 'TaskStarted', previousEventId: 3, taskStartedEventDetails: { resourceType: 'lambda', resource: 'invoke' } },
    { id: 5, timestamp: at, type: 'TaskSucceeded', previousEventId: 4, taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output } },
    { id: 6, timestamp: at, type: 'TaskStateExited', previousEventId: 5, stateExitedEventDetails: { name: 'Work', output } },
    { id: 7, timestamp: at, type: 'ExecutionSucceeded', previousEventId: 6, executionSucceededEventDetails: { output } },
  ];
  execution.status = 'SUCCEEDED';
  execution.output = output;
  execution.stopDate = execution.startDate;
}

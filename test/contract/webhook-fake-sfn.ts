import '../../src/adapters/local/promise-with-resolvers';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';

type Handler = (input: unknown) => Promise<unknown>;

interface Execution {
  arn: string;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  startDate: number;
  stopDate?: number;
  error?: string;
  cause?: string;
  attempts: number;
  done: Promise<void>;
}

/**
 * A loopback stand-in for the Step Functions API (awsJson1_0, the operations SfnWebhookOutbox uses),
 * executing the REAL definition with aws-local-stepfunctions, so the SDK client, the ASL retry
 * policy and the delivery task all run for real; only the service is local.
 */
export async function startFakeSfn(definition: StateMachineDefinition, stateName: string, task: Handler) {
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  const stateMachineArn = 'arn:aws:states:local-1:000000000000:stateMachine:webhook-delivery';
  const executions = new Map<string, Execution>();

  const launch = (execution: Execution) => {
    execution.status = 'RUNNING';
    const counted: Handler = async (input) => {
      execution.attempts++;
      return task(input);
    };
    const run = machine.run(JSON.parse(execution.input), {
      overrides: { taskResourceLocalHandlers: { [stateName]: counted as never }, retryIntervalOverrides: { [stateName]: 0 } },
    });
    execution.done = run.result.then(
      () => {
        Object.assign(execution, { status: 'SUCCEEDED', stopDate: Date.now() / 1000 });
      },
      (e: Error) => {
        const cause = e.cause instanceof Error ? e.cause : e;
        Object.assign(execution, { status: 'FAILED', stopDate: Date.now() / 1000, error: cause.name, cause: cause.message });
      },
    );
  };

  const fail = (type: string, message: string) => ({ status: 400, body: { __type: type, message } });

  const operations: Record<string, (req: Record<string, unknown>) => { status: number; body: unknown }> = {
    StartExecution(req) {
      const name = String(req.name);
      const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
      const existing = executions.get(arn);
      if (existing) {
        if (existing.status === 'RUNNING' && existing.input === req.input)
          return { status: 200, body: { executionArn: arn, startDate: existing.startDate } };
        return fail('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
      }
      const execution = { arn, name, input: String(req.input), startDate: Date.now() / 1000, attempts: 0 } as Execution;
      executions.set(arn, execution);
      launch(execution);
      return { status: 200, body: { executionArn: arn, startDate: execution.startDate } };
    },
    DescribeExecution(req) {
      const e = executions.get(String(req.executionArn));
      if (!e) return fail('ExecutionDoesNotExist', 'Execution Does Not Exist');
      const { arn, name, input, status, startDate, stopDate, error, cause } = e;
      return { status: 200, body: { executionArn: arn, stateMachineArn, name, input, status, startDate, stopDate, error, cause } };
    },
    ListExecutions(req) {
      const list = [...executions.values()].filter((e) => !req.statusFilter || e.status === req.statusFilter);
      return { status: 200, body: { executions: list.map((e) => ({ executionArn: e.arn, stateMachineArn, name: e.name, status: e.status, startDate: e.startDate })) } };
    },
    GetExecutionHistory(req) {
      const e = executions.get(String(req.executionArn));
      if (!e) return fail('ExecutionDoesNotExist', 'Execution Does Not Exist');
      const events = Array.from({ length: e.attempts }, (_, i) => ({ id: i + 1, timestamp: e.startDate, type: 'LambdaFunctionScheduled' }));
      return { status: 200, body: { events } };
    },
    RedriveExecution(req) {
      const e = executions.get(String(req.executionArn));
      if (!e) return fail('ExecutionDoesNotExist', 'Execution Does Not Exist');
      if (e.status !== 'FAILED') return fail('ExecutionNotRedrivable', 'only failed executions can be redriven');
      launch(e);
      return { status: 200, body: { redriveDate: Date.now() / 1000 } };
    },
  };

  const calls: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
      calls.push(operation);
      const handler = operations[operation];
      const answer = handler
        ? handler(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>)
        : fail('UnknownOperationException', operation);
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stateMachineArn,
    calls,
    /** Resolves when every execution has stopped. */
    settle: async () => {
      await Promise.all([...executions.values()].map((e) => e.done));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

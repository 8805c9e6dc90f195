/**
 * Durable workflow executions of the state machines in `state-machines/*.asl.json`
 * (Step Functions in AWS, a local ASL interpreter on the embedded runtime).
 *
 * Execution names are the idempotency key: starting a name that already exists never
 * starts a second execution. Use names that are unique across machines (the order id for
 * checkout, the video id for ingest): the local runtime keeps one namespace for all machines.
 */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

export interface ExecutionFailure {
  /** The ASL error name (`OutOfStock`, `ConcurrencyError`, `States.Timeout`, a Fail state's Error...). */
  readonly error: string;
  readonly cause: string;
}

export interface ExecutionDescription {
  readonly name: string;
  readonly machine: string;
  readonly status: ExecutionStatus;
  readonly input: unknown;
  readonly output?: unknown;
  readonly failure?: ExecutionFailure;
  /** ISO times. */
  readonly startedAt: string;
  readonly stoppedAt?: string;
}

export type HistoryEventType =
  | 'ExecutionStarted'
  /** The local runtime re-ran an unfinished execution from the start after a restart. */
  | 'ExecutionResumed'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut'
  | 'StateEntered'
  | 'StateExited'
  /** A state raised an error (detail: error, cause); Retry or Catch may follow. */
  | 'StateFailed'
  /** A Retry matched (detail: attempt). */
  | 'StateRetried'
  /** A Catch matched (detail: error, next). */
  | 'StateCaught'
  | 'BranchStarted'
  | 'BranchSucceeded'
  | 'BranchFailed'
  | 'IterationStarted'
  | 'IterationSucceeded'
  | 'IterationFailed';

export interface HistoryEvent {
  /** ISO time. */
  readonly timestamp: string;
  readonly type: HistoryEventType;
  readonly stateName?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface WaitForOptions {
  /** Resolve once this holds; by default, once the execution is no longer RUNNING. */
  readonly until?: (execution: ExecutionDescription) => boolean;
  readonly timeoutMs?: number;
}

export interface Workflows {
  /**
   * Starts `machine` as an execution named `executionName`. `started` is false when an
   * execution of that name already exists (whatever its status); nothing new runs then.
   */
  start(machine: string, executionName: string, input: object): Promise<{ started: boolean }>;
  describe(executionName: string): Promise<ExecutionDescription | undefined>;
  /** The execution's events in the order they happened (empty when unknown). */
  history(executionName: string): Promise<HistoryEvent[]>;
  /** Polls until `until` holds (default: finished); rejects after `timeoutMs`. Meant for tests and tools. */
  waitFor(executionName: string, options?: WaitForOptions): Promise<ExecutionDescription>;
}

/**
 * What a Task state runs: the same function whether the local engine calls it or a Lambda wraps it.
 * Takes and returns plain JSON; throws to fail the state (see `workflowErrorName`).
 */
export type TaskHandler = (input: unknown) => Promise<unknown>;

/** Keyed by the resource placeholder's name: `ReserveStockFunctionArn` for `${ReserveStockFunctionArn}`. */
export type TaskHandlers = Readonly<Record<string, TaskHandler>>;

/**
 * The ASL error name a task failure is known by, so that `Retry`/`Catch` can match it:
 * a DomainError is known by its errorType (`OutOfStock`, `PaymentDeclined`...), any other
 * error by its `name` (`ConcurrencyError`, `TypeError`...). Lambda reports `error.name` as the
 * errorType Step Functions matches, so the Lambda wrappers throw `asWorkflowError(e)` too.
 */
export function workflowErrorName(error: unknown): string {
  if (error instanceof Error) {
    const errorType = (error as { errorType?: unknown }).errorType;
    if (error.name === 'DomainError' && typeof errorType === 'string') return errorType;
    return error.name || 'Error';
  }
  return 'Error';
}

/**
 * An Error whose `name` is `workflowErrorName(error)` and whose message is the original's
 * (ASL's `Cause`). No `cause` property: the ASL interpreter would report it instead of the message.
 */
export function asWorkflowError(error: unknown): Error {
  const name = workflowErrorName(error);
  if (error instanceof Error && error.name === name) return error;
  const wrapped = new Error(error instanceof Error ? error.message : String(error));
  wrapped.name = name;
  if (error instanceof Error && error.stack) wrapped.stack = error.stack;
  return wrapped;
}

export const isFinished = (execution: ExecutionDescription): boolean => execution.status !== 'RUNNING';

/** `waitFor` over any `describe`: polls every `intervalMs` until `until` holds or `timeoutMs` passes. */
export async function pollExecution(
  describe: (executionName: string) => Promise<ExecutionDescription | undefined>,
  executionName: string,
  options: WaitForOptions = {},
  intervalMs = 5,
): Promise<ExecutionDescription> {
  const { until = isFinished, timeoutMs = 10_000 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const execution = await describe(executionName);
    if (execution && until(execution)) return execution;
    if (Date.now() >= deadline) {
      throw new Error(
        `execution ${executionName} did not reach the awaited state within ${timeoutMs} ms (status ${execution?.status ?? 'unknown'})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

import './promise-with-resolvers';
import './asl-light-run';
import { followEvents } from './asl-event-logger';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { RunOptions, StateMachineDefinition } from 'aws-local-stepfunctions';
import { systemClock, type Clock } from '../../ports/clock';
import { pollExecution } from '../../ports/workflows';
import type { ExecutionDescription, HistoryEvent, WaitForOptions, Workflows } from '../../ports/workflows';
import type { SqliteDb } from './sqlite';
import { parseAsl, readAslFile, summarizeAsl, withLocalResources } from './asl-definition';
import { causeText, historyJsonOf, historyTypeOf, isPlainHistoryEvent, toHistoryEvent, type AslEventLog, type HistoryDetail } from './asl-history';
import { AslExecutionStore, type FinishedOutcome } from './asl-store';
import { bindTaskHandlers, type TaskHandlers } from './asl-task-handlers';

export interface AslWorkflowsOptions {
  readonly db: SqliteDb;
  /** Machine name -> ASL definition, or the path of its `.asl.json` file. */
  readonly machines: Readonly<Record<string, StateMachineDefinition | string>>;
  /** Resource placeholder name -> handler; every Task of every machine must have one. */
  readonly tasks: TaskHandlers;
  /** Replaces every Retry interval (ms), so tests do not wait out real backoff. */
  readonly retryIntervalMs?: number;
  /** Replaces every Wait state's duration (ms). */
  readonly waitTimeMs?: number;
  readonly historyDetail?: HistoryDetail;
  readonly clock?: Clock;
}

export interface CloseOptions {
  /** How long in-flight executions may take to finish before they are aborted (ms). */
  readonly drainTimeoutMs?: number;
}

interface CompiledMachine {
  readonly stateMachine: StateMachine;
  readonly overrides: NonNullable<RunOptions['overrides']>;
}

interface InFlight {
  readonly abort: () => void;
  readonly done: Promise<void>;
}

/**
 * Runs the same ASL files Step Functions runs, with aws-local-stepfunctions, and records every
 * execution and its history in the shared SQLite file.
 *
 * Recovery strategy: an execution still RUNNING in the store after a restart is run again from
 * its first state by `resumeUnfinished()`. Every task is idempotent by design (it checks its
 * stream before acting), so re-running the states that already completed changes nothing.
 */
export class AslWorkflows implements Workflows {
  private readonly store: AslExecutionStore;
  private readonly machines = new Map<string, CompiledMachine>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly historyDetail: HistoryDetail;
  private readonly clock: Clock;
  private accepting = true;
  /** Set once shutdown aborts what is left: those executions stay RUNNING for the next start. */
  private abandoning = false;

  constructor(options: AslWorkflowsOptions) {
    this.historyDetail = options.historyDetail ?? 'compact';
    this.clock = options.clock ?? systemClock;
    // Built once per definition: construction validates the definition (~400 ms), run() is cheap.
    for (const [machine, source] of Object.entries(options.machines)) {
      const definition = typeof source === 'string' ? readAslFile(source) : parseAsl(source, machine);
      this.machines.set(machine, compile(machine, definition, options));
    }
    this.store = new AslExecutionStore(options.db);
  }

  async start(machine: string, executionName: string, input: object): Promise<{ started: boolean }> {
    if (!this.accepting) throw new Error('workflows are shutting down');
    if (!this.machines.has(machine)) throw new Error(`unknown state machine ${machine}`);
    const inputJson = JSON.stringify(input);
    const started = await this.store.insert(executionName, machine, inputJson, this.clock.now().getTime());
    // Shut down meanwhile: the execution is recorded RUNNING, so the next start resumes it.
    if (started && this.accepting) this.launch(machine, executionName, JSON.parse(inputJson), 1);
    return { started };
  }

  async describe(executionName: string): Promise<ExecutionDescription | undefined> {
    return this.store.get(executionName);
  }

  async history(executionName: string): Promise<HistoryEvent[]> {
    return this.store.history(executionName).map(toHistoryEvent);
  }

  async waitFor(executionName: string, options: WaitForOptions = {}): Promise<ExecutionDescription> {
    const running = this.inFlight.get(executionName);
    if (running && !options.until) {
      // Running here: its end is known without polling the store.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.timeoutMs ?? 10_000)));
      await Promise.race([running.done, timeout]);
      clearTimeout(timer);
    }
    return pollExecution((name) => this.describe(name), executionName, options);
  }

  /** Re-runs, from the start, every RUNNING execution of a known machine not already running here. */
  async resumeUnfinished(): Promise<string[]> {
    if (!this.accepting) throw new Error('workflows are shutting down');
    const resumed: string[] = [];
    for (const { name, machine, input } of this.store.running()) {
      if (this.inFlight.has(name) || !this.machines.has(machine)) continue;
      const seq = this.store.rerun(name);
      this.store.queueHistory(name, seq, { at: this.clock.now().getTime(), type: 'ExecutionResumed' });
      this.launch(machine, name, input, seq + 1);
      resumed.push(name);
    }
    return resumed;
  }

  get runningCount(): number {
    return this.inFlight.size;
  }

  /**
   * Stops accepting work, lets in-flight executions finish for up to `drainTimeoutMs`, then aborts
   * the rest: they stay RUNNING in the store and resume on the next start. A task already running
   * cannot be interrupted; its result is ignored. Does not close the shared database.
   */
  async close({ drainTimeoutMs = 5_000 }: CloseOptions = {}): Promise<void> {
    this.accepting = false;
    const drained = Promise.all([...this.inFlight.values()].map((execution) => execution.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), drainTimeoutMs);
    });
    const result = await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.abandoning = true;
      const left = [...this.inFlight.values()];
      for (const execution of left) execution.abort();
      await Promise.all(left.map((execution) => execution.done));
    }
    this.store.dispose();
  }

  private launch(machine: string, name: string, input: unknown, firstSeq: number): void {
    const { stateMachine, overrides } = this.machines.get(machine)!;
    const execution = stateMachine.run(input as Parameters<StateMachine['run']>[0], {
      overrides,
      context: { Execution: { Name: name, Id: `local:${machine}:${name}` }, StateMachine: { Name: machine } },
    });
    const recorded = this.record(name, execution.eventLogs as AsyncGenerator<AslEventLog>, firstSeq);
    const done = this.settle(name, execution.result, recorded).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, { abort: execution.abort, done });
  }

  /** Queues each history record of the execution as the interpreter dispatches its event. */
  private record(name: string, events: AsyncGenerator<AslEventLog>, firstSeq: number): Promise<void> {
    let seq = firstSeq;
    let lastAt = 0;
    const take = (event: AslEventLog) => {
      if (this.abandoning) return;
      const type = historyTypeOf(event);
      if (!type) return;
      // Map iterations forward their events asynchronously, so an event stamped a millisecond
      // earlier can arrive after its parent's; keep times in step with the order.
      lastAt = Math.max(lastAt, event.timestamp);
      if (isPlainHistoryEvent(event, this.historyDetail))
        this.store.queueHistoryParts(name, seq++, lastAt, type, event.state?.name ?? event.parentState?.name, event.state?.type);
      else this.store.queueHistoryJson(name, seq++, historyJsonOf(event, type, this.historyDetail, lastAt));
    };
    if (followEvents(events, take as (event: unknown) => void)) return Promise.resolve();
    return (async () => {
      for await (const event of events) take(event);
    })();
  }

  private async settle(name: string, result: Promise<unknown>, recorded: Promise<void>): Promise<void> {
    const outcome = await result.then(
      (output): FinishedOutcome => ({ status: 'SUCCEEDED', output }),
      outcomeOfError,
    );
    await recorded;
    if (this.abandoning) return;
    try {
      await this.store.finish(name, outcome, this.clock.now().getTime());
    } catch (error) {
      // Still RUNNING in the store, so the next start re-runs it; nobody awaits this promise to tell.
      console.error(`workflows: could not record the end of execution ${name}`, error);
    }
  }
}

function compile(machine: string, definition: StateMachineDefinition, options: AslWorkflowsOptions): CompiledMachine {
  const summary = summarizeAsl(definition);
  const overrides: CompiledMachine['overrides'] = {
    taskResourceLocalHandlers: bindTaskHandlers(machine, summary.tasks, options.tasks),
  };
  const { retryIntervalMs, waitTimeMs } = options;
  if (retryIntervalMs !== undefined) {
    overrides.retryIntervalOverrides = Object.fromEntries(summary.retryableStates.map((state) => [state, retryIntervalMs]));
  }
  if (waitTimeMs !== undefined) {
    overrides.waitTimeOverrides = Object.fromEntries(summary.waitStates.map((state) => [state, waitTimeMs]));
  }
  const stateMachine = new StateMachine(withLocalResources(definition));
  return { stateMachine, overrides };
}

function outcomeOfError(error: unknown): FinishedOutcome {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  if (error instanceof ExecutionTimeoutError) {
    return { status: 'TIMED_OUT', failure: { error: 'States.Timeout', cause: 'execution timed out' } };
  }
  const reason = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (reason instanceof Error) return { status: 'FAILED', failure: { error: reason.name, cause: causeText(reason.message) } };
  return { status: 'FAILED', failure: { error: 'Error', cause: causeText(reason) } };
}

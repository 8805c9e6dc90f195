import { ExecutionAbortedError, StateMachine } from 'aws-local-stepfunctions';
import { AbortLatch, type AbortSource } from './asl-abort-latch';

/**
 * aws-local-stepfunctions@3's `StateMachine.run`, with the same events, results and abort behaviour,
 * made lighter for the many short executions of the local engine (one per checkout, plus one per
 * Parallel branch and Map iteration, which the library runs as nested executions):
 *
 * - the execution's abort signal is an AbortLatch, not an AbortController's signal, and a nested
 *   execution's latch follows its parent's instead of `AbortSignal.any([own, parent])` (on Node 20
 *   each of those cost ~20 µs and was tracked with WeakRefs that the next full GC had to process);
 * - its log is the library's logger without the EventTarget it no longer uses (asl-event-logger.ts
 *   replaced the wake-up of the log's reader with a callback).
 *
 * The library's own `run` still serves what this one does not do (a machine-wide TimeoutSeconds,
 * `noThrowOnAbort`) and the first run of the process, which is where asl-event-logger.ts finds the
 * logger's class (the library does not export it); a nested run under it gets a signal of its own,
 * the parent's abort forwarded by a listener removed when it ends.
 */
type RunOptions = NonNullable<Parameters<StateMachine['run']>[1]> & { _rootAbortSignal?: AbortSource };
type Execution = ReturnType<StateMachine['run']>;

interface Logger {
  dispatchExecutionAbortedEvent(): void;
  getEvents(): AsyncGenerator<unknown>;
}

interface MachineInternals {
  readonly definition: { readonly TimeoutSeconds?: number };
  readonly stateMachineOptions: unknown;
  execute(input: unknown, options: object, cleanup: () => void): Promise<unknown>;
  run(input: unknown, options?: RunOptions): Execution;
  lightRunPatched?: true;
}

let newLogger: (() => Logger) | undefined;

/** Called by asl-event-logger.ts with the library's (patched) logger prototype once it has it. */
export function useLoggerPrototype(prototype: object): void {
  newLogger = () => Object.assign(Object.create(prototype) as Logger, { eventQueue: [], isLoggerClosed: false });
}

const machine = StateMachine.prototype as unknown as MachineInternals;

if (!machine.lightRunPatched) {
  const libraryRun = machine.run;

  const lightRun = function (this: MachineInternals, input: unknown, options: RunOptions | undefined, makeLogger: () => Logger): Execution {
    const latch = new AbortLatch(options?._rootAbortSignal);
    const eventLogger = makeLogger();
    let onAbort: () => void = () => {};
    const settleOnAbort = new Promise<never>((_, reject) => {
      onAbort = () => {
        eventLogger.dispatchExecutionAbortedEvent();
        reject(new ExecutionAbortedError());
      };
      latch.addEventListener('abort', onAbort);
    });
    // A branch started after its parent was aborted is aborted at once.
    if (options?._rootAbortSignal?.aborted) latch.abort();
    const executionResult = this.execute(
      input,
      { stateMachineOptions: this.stateMachineOptions, runOptions: { ...options, _rootAbortSignal: latch }, abortSignal: latch, eventLogger },
      () => {
        latch.removeEventListener('abort', onAbort);
        latch.detach();
      },
    );
    return {
      abort: () => latch.abort(),
      eventLogs: eventLogger.getEvents() as Execution['eventLogs'],
      result: Promise.race([executionResult, settleOnAbort]) as Execution['result'],
    };
  };

  const libraryRunFollowing = function (this: MachineInternals, input: unknown, options: RunOptions | undefined): Execution {
    const parent = options?._rootAbortSignal;
    if (!parent) return libraryRun.call(this, input, options);
    const { _rootAbortSignal: _parent, ...own } = options;
    const execution = libraryRun.call(this, input, own);
    if (parent.aborted) execution.abort();
    else {
      const forward = () => execution.abort();
      parent.addEventListener('abort', forward);
      const stopForwarding = () => parent.removeEventListener('abort', forward);
      execution.result.then(stopForwarding, stopForwarding);
    }
    return execution;
  };

  machine.run = function run(this: MachineInternals, input, options) {
    if (newLogger && this.definition.TimeoutSeconds === undefined && !options?.noThrowOnAbort)
      return lightRun.call(this, input, options, newLogger);
    return libraryRunFollowing.call(this, input, options);
  };
  machine.lightRunPatched = true;
}

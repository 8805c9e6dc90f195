import { StateMachine } from 'aws-local-stepfunctions';
import { useLoggerPrototype } from './asl-light-run';

/**
 * Three changes to aws-local-stepfunctions@3's execution log, same events in the same order.
 *
 * 1. It queues each execution's events (two dozen per checkout: states entered and exited, branches
 * started and ended) and wakes the reader with `eventTarget.dispatchEvent(new Event('newEvent'))`.
 * Node's EventTarget makes that ~2.5 µs per event. An execution's log has exactly one reader (the
 * generator behind `eventLogs`, which waits for the next event only after taking what is queued), so
 * this replaces the wake-up with a plain callback.
 *
 * 2. `followEvents` hands a log's events to a function as they are dispatched, instead of through the
 * `eventLogs` async generator (three promise hops and an iterator result per event).
 *
 * 3. A Parallel branch of a followed execution hands its events straight to its parent's
 * `forwardNestedParallelEvent`, as the library's own forwarding loop would a few promise hops later;
 * that loop then finds the branch's log empty and ends with it. Map iterations are left to the library.
 *
 * The logger's class is not exported; its prototype is reached through the options the machine hands
 * to its own `execute`, on a one-state machine run once when this module loads.
 */
interface StateOfEvent {
  readonly name: string;
  readonly type: string;
  readonly input?: unknown;
}

interface EventLoggerInternals {
  eventQueue: unknown[];
  isLoggerClosed: boolean;
  wakeReader?: (() => void) | undefined;
  sink?: ((event: unknown) => void) | undefined;
  /** The state this execution entered last (a branch starting now belongs to it). */
  entered?: StateOfEvent | undefined;
  dispatch(event: unknown): void;
  getEvents(): AsyncGenerator<unknown>;
  close(): void;
  waitForNewEvent(): Promise<void> | undefined;
  forwardNestedParallelEvent(event: unknown, parallelStateName: string, parallelStateRawInput: unknown): void;
}

interface ExecuteOptions {
  eventLogger?: EventLoggerInternals;
  abortSignal?: object;
}
type Execute = (this: StateMachine, input: unknown, options: ExecuteOptions, cleanup: () => void) => Promise<unknown>;
type Run = (this: StateMachine, input: unknown, options?: { _rootAbortSignal?: object }) => unknown;

function wake(logger: EventLoggerInternals): void {
  const reader = logger.wakeReader;
  logger.wakeReader = undefined;
  reader?.();
}

function patch(logger: EventLoggerInternals): void {
  logger.dispatch = function dispatch(this: EventLoggerInternals, event: unknown) {
    if (this.isLoggerClosed) return;
    const { type, state } = event as { type: string; state?: StateOfEvent };
    if (type === 'StateEntered') this.entered = state;
    if (this.sink) return this.sink(event);
    this.eventQueue.push(event);
    wake(this);
  };
  logger.close = function close(this: EventLoggerInternals) {
    this.isLoggerClosed = true;
    wake(this);
  };
  logger.waitForNewEvent = function waitForNewEvent(this: EventLoggerInternals) {
    if (this.isLoggerClosed) return undefined;
    return new Promise<void>((resolve) => (this.wakeReader = resolve));
  };
  const getEvents = logger.getEvents;
  logger.getEvents = function getEventsOfKnownLogger(this: EventLoggerInternals) {
    const events = getEvents.call(this);
    loggers.set(events, this);
    return events;
  };
}

const loggers = new WeakMap<object, EventLoggerInternals>();

/**
 * From now on calls `sink` with each event of the execution whose `eventLogs` these are, synchronously
 * as the interpreter dispatches it (those already queued first); `eventLogs` then yields nothing more.
 * False if the log is not one this module knows (then read `eventLogs` as usual).
 */
export function followEvents(eventLogs: AsyncGenerator<unknown>, sink: (event: unknown) => void): boolean {
  const logger = loggers.get(eventLogs);
  if (!logger) return false;
  for (const event of logger.eventQueue.splice(0)) sink(event);
  logger.sink = sink;
  return true;
}

/** Each running execution's log, by the abort signal its branches are started with. */
const loggerOfSignal = new WeakMap<object, EventLoggerInternals>();
/** Set by `run` for the `execute` it calls at once: the log of the execution starting this one as a branch. */
let startingParent: EventLoggerInternals | undefined;

const machine = StateMachine.prototype as unknown as { execute: Execute; run: Run };
const execute = machine.execute;
let loggerPrototype: EventLoggerInternals | undefined;
machine.execute = function executeWithLightLogs(input, options, cleanup) {
  const logger = options.eventLogger;
  if (!loggerPrototype && logger) {
    loggerPrototype = Object.getPrototypeOf(logger) as EventLoggerInternals;
    patch(loggerPrototype);
    useLoggerPrototype(loggerPrototype);
  }
  const parent = startingParent;
  startingParent = undefined;
  if (logger && options.abortSignal) loggerOfSignal.set(options.abortSignal, logger);
  const parallel = parent?.entered;
  if (logger && parent?.sink && parallel?.type === 'Parallel')
    logger.sink = (event) => parent.forwardNestedParallelEvent(event, parallel.name, parallel.input);
  return execute.call(this, input, options, cleanup);
};

// A nested execution is started with its parent's signal as `_rootAbortSignal` (read here before the
// light run, imported first and so wrapped by this, takes it).
const run = machine.run;
machine.run = function runKnowingParent(input, options) {
  const signal = options?._rootAbortSignal;
  startingParent = signal ? loggerOfSignal.get(signal) : undefined;
  try {
    return run.call(this, input, options);
  } finally {
    startingParent = undefined;
  }
};

void new StateMachine({ StartAt: 'Ready', States: { Ready: { Type: 'Pass', End: true } } }, { validationOptions: { noValidate: true } }).run({}).result;

export const eventLoggerPatched = (): boolean => loggerPrototype !== undefined;

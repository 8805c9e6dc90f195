import { StateMachine } from 'aws-local-stepfunctions';

/**
 * Two changes to aws-local-stepfunctions@3's execution log, same events in the same order.
 *
 * 1. It queues each execution's events (two dozen per checkout: states entered and
 * exited, branches started and ended — and each branch's forwarded again to its parent) and wakes the
 * reader with `eventTarget.dispatchEvent(new Event('newEvent'))`. Node's EventTarget makes that ~2.5 µs
 * per event: about a twentieth of checkout's main thread. An execution's log has exactly one reader
 * (the generator behind `eventLogs`, which waits for the next event only after taking what is queued),
 * so this replaces the wake-up with a plain callback.
 *
 * 2. `followEvents` hands a log's events to a function as they are dispatched, instead of through the
 * `eventLogs` async generator (three promise hops and an iterator result per event, for every root
 * event of a checkout). Branch logs still reach their parent through the library's own forwarding.
 *
 * The logger's class is not exported; its prototype is reached through the options the machine hands
 * to its own `execute`, on a one-state machine run once when this module loads.
 */
interface EventLoggerInternals {
  eventQueue: unknown[];
  isLoggerClosed: boolean;
  wakeReader?: (() => void) | undefined;
  sink?: ((event: unknown) => void) | undefined;
  dispatch(event: unknown): void;
  getEvents(): AsyncGenerator<unknown>;
  close(): void;
  waitForNewEvent(): Promise<void> | undefined;
}

type Execute = (this: StateMachine, input: unknown, options: { eventLogger?: EventLoggerInternals }, cleanup: () => void) => Promise<unknown>;

function wake(logger: EventLoggerInternals): void {
  const reader = logger.wakeReader;
  logger.wakeReader = undefined;
  reader?.();
}

function patch(logger: EventLoggerInternals): void {
  logger.dispatch = function dispatch(this: EventLoggerInternals, event: unknown) {
    if (this.isLoggerClosed) return;
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

const machine = StateMachine.prototype as unknown as { execute: Execute };
const execute = machine.execute;
let loggerPrototype: EventLoggerInternals | undefined;
machine.execute = function executeWithPlainWakeUps(input, options, cleanup) {
  if (!loggerPrototype && options.eventLogger) {
    loggerPrototype = Object.getPrototypeOf(options.eventLogger) as EventLoggerInternals;
    patch(loggerPrototype);
  }
  return execute.call(this, input, options, cleanup);
};
void new StateMachine({ StartAt: 'Ready', States: { Ready: { Type: 'Pass', End: true } } }, { validationOptions: { noValidate: true } }).run({}).result;
machine.execute = execute;

export const eventLoggerPatched = (): boolean => loggerPrototype !== undefined;

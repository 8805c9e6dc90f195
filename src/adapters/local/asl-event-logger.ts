import { StateMachine } from 'aws-local-stepfunctions';

/**
 * aws-local-stepfunctions@3 queues each execution's events (two dozen per checkout: states entered and
 * exited, branches started and ended — and each branch's forwarded again to its parent) and wakes the
 * reader with `eventTarget.dispatchEvent(new Event('newEvent'))`. Node's EventTarget makes that ~2.5 µs
 * per event: about a twentieth of checkout's main thread. An execution's log has exactly one reader
 * (the generator behind `eventLogs`, which waits for the next event only after taking what is queued),
 * so this replaces the wake-up with a plain callback. Same events, same order, same end.
 *
 * The logger's class is not exported; its prototype is reached through the options the machine hands
 * to its own `execute`, on a one-state machine run once when this module loads.
 */
interface EventLoggerInternals {
  eventQueue: unknown[];
  isLoggerClosed: boolean;
  wakeReader?: (() => void) | undefined;
  dispatch(event: unknown): void;
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

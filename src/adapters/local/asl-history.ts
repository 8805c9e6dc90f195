import type { HistoryEvent, HistoryEventType } from '../../ports/workflows';

/** The interpreter's event log entry (aws-local-stepfunctions does not export the type). */
export interface AslEventLog {
  readonly type: string;
  readonly timestamp: number;
  readonly state?: { readonly name: string; readonly type: string; readonly input?: unknown; readonly output?: unknown };
  readonly parentState?: { readonly name: string };
  readonly index?: number;
  readonly Error?: string;
  readonly Cause?: unknown;
  readonly retry?: { readonly attempt: number; readonly retrier: { readonly ErrorEquals: readonly string[] } };
  readonly catch?: { readonly catcher: { readonly ErrorEquals: readonly string[]; readonly Next: string } };
}

/** compact: names, errors, retries (cheap to record); full: also each state's input and output. */
export type HistoryDetail = 'compact' | 'full';

export interface HistoryRecord {
  readonly at: number;
  readonly type: HistoryEventType;
  readonly stateName?: string;
  readonly detail?: Record<string, unknown>;
}

const renamed: Readonly<Record<string, HistoryEventType>> = {
  ExecutionTimeout: 'ExecutionTimedOut',
  ParallelBranchStarted: 'BranchStarted',
  ParallelBranchSucceeded: 'BranchSucceeded',
  ParallelBranchFailed: 'BranchFailed',
  MapIterationStarted: 'IterationStarted',
  MapIterationSucceeded: 'IterationSucceeded',
  MapIterationFailed: 'IterationFailed',
};

const known = new Set<string>([
  'ExecutionStarted', 'ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted',
  'StateEntered', 'StateExited', 'StateFailed', 'StateRetried', 'StateCaught',
]);

/** The interpreter reports a Cause as whatever was thrown's `cause ?? message`. */
export function causeText(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  if (cause === undefined || cause === null) return '';
  try {
    return JSON.stringify(cause);
  } catch {
    return String(cause);
  }
}

/** The history's name for an interpreter event, or undefined for one the history does not keep. */
export function historyTypeOf(event: AslEventLog): HistoryEventType | undefined {
  return renamed[event.type] ?? (known.has(event.type) ? (event.type as HistoryEventType) : undefined);
}

export function toHistoryRecord(event: AslEventLog, detailLevel: HistoryDetail): HistoryRecord | undefined {
  const type = historyTypeOf(event);
  if (!type) return undefined;
  const stateName = event.state?.name ?? event.parentState?.name;
  const detail: Record<string, unknown> = {};
  if (event.state) detail.stateType = event.state.type;
  if (event.index !== undefined) detail.index = event.index;
  if (event.Error !== undefined) {
    detail.error = event.Error;
    detail.cause = causeText(event.Cause);
  }
  if (event.retry) {
    detail.attempt = event.retry.attempt;
    detail.errorEquals = event.retry.retrier.ErrorEquals;
  }
  if (event.catch) {
    detail.errorEquals = event.catch.catcher.ErrorEquals;
    detail.next = event.catch.catcher.Next;
  }
  if (detailLevel === 'full' && event.state) {
    if (type === 'StateEntered') detail.input = event.state.input;
    if (type === 'StateExited') detail.output = event.state.output;
  }
  return {
    at: event.timestamp,
    type,
    ...(stateName !== undefined && { stateName }),
    ...(Object.keys(detail).length > 0 && { detail }),
  };
}

/**
 * `JSON.stringify(record)`, by hand for the common case (a detail of at most a state type), which
 * is most of a checkout's two dozen records: ~0.2 µs instead of ~1.1 µs each.
 */
export function historyRecordJson(record: HistoryRecord): string {
  const { detail } = record;
  const keys = detail ? Object.keys(detail) : [];
  if (keys.length > 1 || (keys.length === 1 && (keys[0] !== 'stateType' || typeof detail!.stateType !== 'string')))
    return JSON.stringify(record);
  const state = record.stateName === undefined ? '' : `,"stateName":${JSON.stringify(record.stateName)}`;
  const stateType = keys.length === 1 ? `,"detail":{"stateType":${JSON.stringify(detail!.stateType)}}` : '';
  return `{"at":${record.at},"type":${JSON.stringify(record.type)}${state}${stateType}}`;
}

export function toHistoryEvent(record: HistoryRecord): HistoryEvent {
  return {
    timestamp: new Date(record.at).toISOString(),
    type: record.type,
    ...(record.stateName !== undefined && { stateName: record.stateName }),
    ...(record.detail !== undefined && { detail: record.detail }),
  };
}

/**
 * Whether the event's record has the common shape: a state name and type at most (no error, retry,
 * catch, index or state data). Most of a checkout's records do; `plainRecordJson` writes them.
 */
export function isPlainHistoryEvent(event: AslEventLog, detailLevel: HistoryDetail): boolean {
  return (
    event.index === undefined && event.Error === undefined && !event.retry && !event.catch &&
    (detailLevel === 'compact' || !event.state)
  );
}

/** `JSON.stringify` of a record of the common shape, from its parts. */
export function plainRecordJson(at: number, type: HistoryEventType, stateName: string | undefined, stateType: string | undefined): string {
  const state = stateName === undefined ? '' : `,"stateName":${JSON.stringify(stateName)}`;
  const detail = stateType === undefined ? '' : `,"detail":{"stateType":${JSON.stringify(stateType)}}`;
  return `{"at":${at},"type":"${type}"${state}${detail}}`;
}

/** `JSON.stringify` of the event's record stamped `at`, straight from the event for the common shape. */
export function historyJsonOf(event: AslEventLog, type: HistoryEventType, detailLevel: HistoryDetail, at: number): string {
  if (!isPlainHistoryEvent(event, detailLevel)) return JSON.stringify({ ...toHistoryRecord(event, detailLevel), at });
  return plainRecordJson(at, type, event.state?.name ?? event.parentState?.name, event.state?.type);
}

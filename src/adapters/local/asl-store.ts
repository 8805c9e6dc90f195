import type { Statement } from 'better-sqlite3';
import type { ExecutionDescription, ExecutionFailure, ExecutionStatus, HistoryEventType } from '../../ports/workflows';
import type { SqliteDb } from './sqlite';
import { historyRecordJson, plainRecordJson, type HistoryRecord } from './asl-history';
import { groupCommit, type GroupCommit } from './group-commit';

const schema = `
CREATE TABLE IF NOT EXISTS wf_executions (
  name TEXT PRIMARY KEY,
  machine TEXT NOT NULL,
  status TEXT NOT NULL,
  input TEXT NOT NULL,
  output TEXT,
  error TEXT,
  cause TEXT,
  started_at INTEGER NOT NULL,
  stopped_at INTEGER,
  runs INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS wf_executions_running ON wf_executions (status) WHERE status = 'RUNNING';
CREATE TABLE IF NOT EXISTS wf_history_chunks (
  execution TEXT NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  records TEXT NOT NULL,
  UNIQUE (execution, first_seq)
);
`;

/** Databases from before history chunks: each execution's rows become one chunk, once. */
const migrateRowsToChunks = `
INSERT OR REPLACE INTO wf_history_chunks (execution, first_seq, last_seq, records)
  SELECT execution, MIN(seq), MAX(seq),
         json_group_array(json_object('at', at, 'type', type, 'stateName', state_name, 'detail', json(detail)))
  FROM (SELECT * FROM wf_history ORDER BY execution, seq) GROUP BY execution;
DROP TABLE wf_history;
`;

interface ExecutionRow {
  name: string;
  machine: string;
  status: ExecutionStatus;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  started_at: number;
  stopped_at: number | null;
}

/** A history record as stored in a chunk (absent fields are null in migrated chunks). */
interface StoredRecord {
  at: number;
  type: HistoryRecord['type'];
  stateName?: string | null;
  detail?: Record<string, unknown> | null;
}

export interface RunningExecution {
  readonly name: string;
  readonly machine: string;
  readonly input: unknown;
}

export interface FinishedOutcome {
  readonly status: Exclude<ExecutionStatus, 'RUNNING'>;
  readonly output?: unknown;
  readonly failure?: ExecutionFailure;
}

/**
 * An execution's history not yet written, four slots a record. A record of the common shape keeps its
 * parts — time, type, state name and state type, strings the definition already holds — and becomes
 * JSON only when its chunk is written: as JSON strings a running checkout's two dozen records were
 * ~10 kB that outlived a young-generation GC, a fifth of what each scavenge copied. Any other record
 * keeps its JSON in the first slot.
 */
interface PendingHistory {
  readonly execution: string;
  readonly firstSeq: number;
  lastSeq: number;
  readonly parts: (number | string | undefined)[];
}

/** The chunk's `records` column: a JSON array of the pending records. */
function chunkJson({ parts }: PendingHistory): string {
  let json = '[';
  for (let i = 0; i < parts.length; i += 4) {
    if (i > 0) json += ',';
    const first = parts[i];
    json += typeof first === 'string'
      ? first
      : plainRecordJson(first as number, parts[i + 1] as HistoryEventType, parts[i + 2] as string | undefined, parts[i + 3] as string | undefined);
  }
  return json + ']';
}

/** How long an execution's history may wait in memory before it is written anyway (ms). */
const HISTORY_WRITE_MS = 1_000;

/**
 * wf_executions and wf_history_chunks in the shared SQLite file, written through the connection's
 * group commit: a new or finished execution settles once its row is committed (a started execution
 * survives a crash). History is kept in memory per execution and written as one chunk (a JSON array
 * of records) with the execution's end, or after HISTORY_WRITE_MS, or when asked for — one row per
 * execution instead of two dozen, each on its own page. A crash may lose up to that long of a running
 * execution's history; the execution itself is resumed from its record.
 */
export class AslExecutionStore {
  private readonly insertExecution: Statement<[string, string, string, number]>;
  private readonly finishExecution: Statement<[string, string | null, string | null, string | null, number, string]>;
  private readonly countRun: Statement<[string]>;
  private readonly selectExecution: Statement<[string], ExecutionRow>;
  private readonly selectRunning: Statement<[], ExecutionRow>;
  private readonly insertChunk: Statement<[string, number, number, string]>;
  private readonly selectChunks: Statement<[string], string>;
  private readonly selectLastSeq: Statement<[string], number | null>;
  private readonly commits: GroupCommit;
  private pendingHistory = new Map<string, PendingHistory>();
  private historyTimer: NodeJS.Timeout | undefined;

  constructor(private readonly db: SqliteDb) {
    db.exec(schema);
    const hasRows = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'wf_history'`).get();
    if (hasRows) db.transaction(() => db.exec(migrateRowsToChunks))();
    this.insertExecution = db.prepare(
      `INSERT INTO wf_executions (name, machine, status, input, started_at) VALUES (?, ?, 'RUNNING', ?, ?)
       ON CONFLICT (name) DO NOTHING`,
    );
    this.finishExecution = db.prepare(
      `UPDATE wf_executions SET status = ?, output = ?, error = ?, cause = ?, stopped_at = ?
       WHERE name = ? AND status = 'RUNNING'`,
    );
    this.countRun = db.prepare(`UPDATE wf_executions SET runs = runs + 1 WHERE name = ?`);
    this.selectExecution = db.prepare(`SELECT * FROM wf_executions WHERE name = ?`);
    this.selectRunning = db.prepare(`SELECT * FROM wf_executions WHERE status = 'RUNNING' ORDER BY started_at, name`);
    this.insertChunk = db.prepare(
      `INSERT OR REPLACE INTO wf_history_chunks (execution, first_seq, last_seq, records) VALUES (?, ?, ?, ?)`,
    );
    this.selectChunks = db.prepare<[string], string>(`SELECT records FROM wf_history_chunks WHERE execution = ? ORDER BY first_seq`).pluck();
    this.selectLastSeq = db.prepare<[string], number | null>(`SELECT MAX(last_seq) FROM wf_history_chunks WHERE execution = ?`).pluck();
    this.commits = groupCommit(db);
  }

  /** Records a new RUNNING execution; false when an execution of that name exists already. */
  insert(name: string, machine: string, inputJson: string, at: number): Promise<boolean> {
    return this.commits.write(() => this.insertExecution.run(name, machine, inputJson, at).changes === 1);
  }

  finish(name: string, outcome: FinishedOutcome, at: number): Promise<void> {
    const history = this.pendingHistory.get(name);
    this.pendingHistory.delete(name);
    return this.commits.write(() => {
      if (history) this.insertChunk.run(name, history.firstSeq, history.lastSeq, chunkJson(history));
      this.finishExecution.run(
        outcome.status,
        outcome.output === undefined ? null : JSON.stringify(outcome.output),
        outcome.failure?.error ?? null,
        outcome.failure?.cause ?? null,
        at,
        name,
      );
    });
  }

  queueHistory(execution: string, seq: number, record: HistoryRecord): void {
    this.queueHistoryJson(execution, seq, historyRecordJson(record));
  }

  /** `queueHistory` of a record already in JSON. */
  queueHistoryJson(execution: string, seq: number, json: string): void {
    this.pendingFor(execution, seq).parts.push(json, undefined, undefined, undefined);
  }

  /** `queueHistory` of a record of the common shape (see `isPlainHistoryEvent`), by its parts. */
  queueHistoryParts(execution: string, seq: number, at: number, type: HistoryEventType, stateName: string | undefined, stateType: string | undefined): void {
    this.pendingFor(execution, seq).parts.push(at, type, stateName, stateType);
  }

  /** The execution's pending history, ready to take record `seq` next. */
  private pendingFor(execution: string, seq: number): PendingHistory {
    let pending = this.pendingHistory.get(execution);
    if (pending && pending.lastSeq === seq - 1) pending.lastSeq = seq;
    else {
      if (pending) this.writeHistory();
      pending = { execution, firstSeq: seq, lastSeq: seq, parts: [] };
      this.pendingHistory.set(execution, pending);
    }
    this.historyTimer ??= setTimeout(() => this.writeHistory(), HISTORY_WRITE_MS).unref();
    return pending;
  }

  get(name: string): ExecutionDescription | undefined {
    const row = this.selectExecution.get(name);
    return row && toDescription(row);
  }

  running(): RunningExecution[] {
    return this.selectRunning.all().map((row) => ({ name: row.name, machine: row.machine, input: JSON.parse(row.input) }));
  }

  /** Counts another run of an execution and returns the history sequence number to continue from. */
  rerun(name: string): number {
    this.writeHistory();
    this.countRun.run(name);
    return (this.selectLastSeq.get(name) ?? 0) + 1;
  }

  history(name: string): HistoryRecord[] {
    this.writeHistory();
    return this.selectChunks.all(name).flatMap((records) =>
      (JSON.parse(records) as StoredRecord[]).map(({ at, type, stateName, detail }) => ({
        at,
        type,
        ...(typeof stateName === 'string' && { stateName }),
        ...(detail && { detail }),
      })),
    );
  }

  /** Writes every queued history row into the connection's current transaction (they commit with it). */
  private writeHistory(): void {
    clearTimeout(this.historyTimer);
    this.historyTimer = undefined;
    if (this.pendingHistory.size === 0 || !this.db.open) return;
    const chunks = [...this.pendingHistory.values()];
    this.pendingHistory.clear();
    this.commits
      .write(() => {
        for (const chunk of chunks) this.insertChunk.run(chunk.execution, chunk.firstSeq, chunk.lastSeq, chunkJson(chunk));
      })
      .catch((error: unknown) => console.error('workflows: could not record execution history', error));
  }

  /** Commits what is queued; the database stays open (it is shared). */
  dispose(): void {
    this.writeHistory();
    if (this.db.open) this.commits.flush();
  }
}

function toDescription(row: ExecutionRow): ExecutionDescription {
  return {
    name: row.name,
    machine: row.machine,
    status: row.status,
    input: JSON.parse(row.input),
    ...(row.output !== null && { output: JSON.parse(row.output) }),
    ...(row.error !== null && { failure: { error: row.error, cause: row.cause ?? '' } }),
    startedAt: new Date(row.started_at).toISOString(),
    ...(row.stopped_at !== null && { stoppedAt: new Date(row.stopped_at).toISOString() }),
  };
}

import type { Statement } from 'better-sqlite3';
import type { ExecutionDescription, ExecutionFailure, ExecutionStatus } from '../../ports/workflows';
import type { SqliteDb } from './sqlite';
import type { HistoryRecord } from './asl-history';

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
CREATE TABLE IF NOT EXISTS wf_history (
  execution TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  state_name TEXT,
  detail TEXT,
  PRIMARY KEY (execution, seq)
) WITHOUT ROWID;
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

interface HistoryRow {
  at: number;
  type: HistoryRecord['type'];
  state_name: string | null;
  detail: string | null;
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

interface PendingHistory {
  readonly execution: string;
  readonly seq: number;
  readonly record: HistoryRecord;
}

interface PendingStart {
  readonly name: string;
  readonly machine: string;
  readonly inputJson: string;
  readonly at: number;
  readonly settle: Settle<boolean>;
}

interface PendingFinish {
  readonly name: string;
  readonly outcome: FinishedOutcome;
  readonly at: number;
  readonly settle: Settle<void>;
}

interface Settle<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * wf_executions and wf_history in the shared SQLite file, written by group commit: new executions
 * and finished ones are queued and committed together on the next turn of the event loop, and
 * each caller's promise settles only once its row is committed (a started execution survives a
 * crash). History rows ride along, or are written every `flushMs` if nothing else is, so hundreds
 * of executions per second cost a few hundred transactions, not tens of thousands.
 */
export class AslExecutionStore {
  private readonly insertExecution: Statement<[string, string, string, number]>;
  private readonly finishExecution: Statement<[string, string | null, string | null, string | null, number, string]>;
  private readonly countRun: Statement<[string]>;
  private readonly selectExecution: Statement<[string], ExecutionRow>;
  private readonly selectRunning: Statement<[], ExecutionRow>;
  private readonly insertHistory: Statement<[string, number, number, string, string | null, string | null]>;
  private readonly selectHistory: Statement<[string], HistoryRow>;
  private readonly selectLastSeq: Statement<[string], { seq: number | null }>;
  private readonly writeBatch: (starts: PendingStart[], history: PendingHistory[], finishes: PendingFinish[]) => boolean[];
  private starts: PendingStart[] = [];
  private finishes: PendingFinish[] = [];
  private pendingHistory: PendingHistory[] = [];
  private flushSoon: NodeJS.Immediate | undefined;
  private flushLater: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: SqliteDb,
    private readonly flushMs = 20,
  ) {
    db.exec(schema);
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
    this.insertHistory = db.prepare(
      `INSERT OR REPLACE INTO wf_history (execution, seq, at, type, state_name, detail) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.selectHistory = db.prepare(`SELECT at, type, state_name, detail FROM wf_history WHERE execution = ? ORDER BY seq`);
    this.selectLastSeq = db.prepare(`SELECT MAX(seq) AS seq FROM wf_history WHERE execution = ?`);
    this.writeBatch = db.transaction((starts: PendingStart[], history: PendingHistory[], finishes: PendingFinish[]) => {
      const inserted = starts.map((start) => this.insertExecution.run(start.name, start.machine, start.inputJson, start.at).changes === 1);
      for (const { execution, seq, record } of history) {
        this.insertHistory.run(
          execution,
          seq,
          record.at,
          record.type,
          record.stateName ?? null,
          record.detail === undefined ? null : JSON.stringify(record.detail),
        );
      }
      for (const { name, outcome, at } of finishes) {
        this.finishExecution.run(
          outcome.status,
          outcome.output === undefined ? null : JSON.stringify(outcome.output),
          outcome.failure?.error ?? null,
          outcome.failure?.cause ?? null,
          at,
          name,
        );
      }
      return inserted;
    });
  }

  /** Records a new RUNNING execution; false when an execution of that name exists already. */
  insert(name: string, machine: string, inputJson: string, at: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.starts.push({ name, machine, inputJson, at, settle: { resolve, reject } });
      this.flushSoon ??= setImmediate(() => this.flush());
    });
  }

  finish(name: string, outcome: FinishedOutcome, at: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.finishes.push({ name, outcome, at, settle: { resolve, reject } });
      this.flushSoon ??= setImmediate(() => this.flush());
    });
  }

  queueHistory(execution: string, seq: number, record: HistoryRecord): void {
    this.pendingHistory.push({ execution, seq, record });
    this.flushLater ??= setTimeout(() => this.flush(), this.flushMs).unref();
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
    this.flush();
    this.countRun.run(name);
    return (this.selectLastSeq.get(name)?.seq ?? 0) + 1;
  }

  history(name: string): HistoryRecord[] {
    this.flush();
    return this.selectHistory.all(name).map((row) => ({
      at: row.at,
      type: row.type,
      ...(row.state_name !== null && { stateName: row.state_name }),
      ...(row.detail !== null && { detail: JSON.parse(row.detail) as Record<string, unknown> }),
    }));
  }

  /** Commits everything queued, now. */
  flush(): void {
    clearImmediate(this.flushSoon);
    clearTimeout(this.flushLater);
    this.flushSoon = undefined;
    this.flushLater = undefined;
    const { starts, finishes, pendingHistory } = this;
    this.starts = [];
    this.finishes = [];
    this.pendingHistory = [];
    if (starts.length + finishes.length + pendingHistory.length === 0) return;
    try {
      // The owner may have closed the shared database already (a hurried shutdown, a crash test).
      if (!this.db.open) throw new Error('the workflow store is closed');
      const inserted = this.writeBatch(starts, pendingHistory, finishes);
      starts.forEach((start, i) => start.settle.resolve(inserted[i]!));
      finishes.forEach((finish) => finish.settle.resolve());
    } catch (error) {
      for (const { settle } of [...starts, ...finishes]) settle.reject(error);
    }
  }

  /** Commits what is queued; the database stays open (it is shared). */
  dispose(): void {
    this.flush();
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

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

/**
 * wf_executions and wf_history in the shared SQLite file. Execution rows are written at once
 * (a started execution must survive a crash); history rows are queued and written in one
 * transaction per flush, every `flushMs` and whenever an execution finishes or history is read,
 * so hundreds of executions per second cost a few transactions, not thousands.
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
  private readonly writePending: () => void;
  private readonly finishWithHistory: (name: string, outcome: FinishedOutcome, at: number) => void;
  private pending: PendingHistory[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

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
    this.writePending = db.transaction(() => this.insertPending());
    this.finishWithHistory = db.transaction((name: string, outcome: FinishedOutcome, at: number) => {
      this.insertPending();
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

  /** False when an execution of that name exists already. */
  tryInsert(name: string, machine: string, inputJson: string, at: number): boolean {
    return this.insertExecution.run(name, machine, inputJson, at).changes === 1;
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
    this.countRun.run(name);
    this.flush();
    return (this.selectLastSeq.get(name)?.seq ?? 0) + 1;
  }

  queueHistory(execution: string, seq: number, record: HistoryRecord): void {
    this.pending.push({ execution, seq, record });
    this.flushTimer ??= setTimeout(() => this.flush(), this.flushMs).unref();
  }

  finish(name: string, outcome: FinishedOutcome, at: number): void {
    if (this.db.open) this.finishWithHistory(name, outcome, at);
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

  flush(): void {
    // The owner may have closed the shared database already (a crash test, a hurried shutdown).
    if (this.pending.length > 0 && this.db.open) this.writePending();
  }

  /** Writes what is queued and stops the timer; the database stays open (it is shared). */
  dispose(): void {
    this.flush();
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private insertPending(): void {
    const batch = this.pending;
    this.pending = [];
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const { execution, seq, record } of batch) {
      this.insertHistory.run(
        execution,
        seq,
        record.at,
        record.type,
        record.stateName ?? null,
        record.detail === undefined ? null : JSON.stringify(record.detail),
      );
    }
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

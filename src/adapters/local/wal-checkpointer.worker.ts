/**
 * The WAL checkpointer's thread (see wal-checkpointer.ts): its own connection to the database file,
 * copying committed WAL frames into the file on a schedule without blocking the writer,
 * and telling the writer how long the WAL has grown.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointSchedule {
  /** Time between checkpoints, and between them once the WAL holds nearRestartFrames or more. */
  readonly intervalMs: number;
  readonly nearRestartFrames: number;
  readonly nearRestartMs: number;
}

export interface CheckpointReport {
  /** Frames in the WAL, and how many of them are in the database file now. */
  readonly frames?: number;
  readonly checkpointed?: number;
  readonly error?: string;
}

const { file, intervalMs, nearRestartFrames, nearRestartMs } = workerData as CheckpointSchedule & { file: string };
const db = new Database(file);
db.pragma('busy_timeout = 5000');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const report = (message: CheckpointReport) => parentPort!.postMessage(message);

let lastFrames = -1;
const tick = () => {
  try {
    const { log, checkpointed } = checkpoint.get() as { busy: number; log: number; checkpointed: number };
    if (log !== lastFrames) report({ frames: log, checkpointed });
    lastFrames = log;
  } catch (error) {
    report({ error: error instanceof Error ? error.message : String(error) });
  }
  timer = setTimeout(tick, lastFrames >= nearRestartFrames ? nearRestartMs : intervalMs);
};
let timer = setTimeout(tick, intervalMs);

parentPort!.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort!.close();
});

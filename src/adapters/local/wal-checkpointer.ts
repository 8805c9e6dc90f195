import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { groupCommit } from './group-commit';
import type { SqliteDb } from './sqlite';
import { typescriptWorker } from './typescript-worker';
import type { CheckpointReport } from './wal-checkpointer.worker';

/** Past this many WAL frames (4 kB each), the writer takes the WAL back to its start. */
const RESTART_FRAMES = 32_768;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;

/**
 * Moves a database's WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside
 * whichever commit crosses 1,000 WAL pages — copying them into the file and syncing it, ~15% of
 * checkout's main-thread time. Here the writing connection stops checkpointing and a thread with
 * its own connection checkpoints every `intervalMs` (PASSIVE: it never blocks the writer).
 *
 * A WAL only starts over when a writer begins while every frame is in the file, which a writer
 * that never pauses does not see; so once the WAL passes RESTART_FRAMES the writer itself, right
 * after a commit, checkpoints the few frames the thread has not copied yet (a millisecond or two,
 * about once per 128 MB written), and its next transaction starts the WAL over. If the thread
 * fails, automatic checkpoints come back.
 */
export class WalCheckpointer {
  private stopped = false;
  private restartWanted = false;

  private constructor(
    private readonly db: SqliteDb,
    private readonly worker: Worker,
  ) {
    worker.on('message', (message: CheckpointReport) => {
      if (message.error) console.error(`WAL checkpoint failed: ${message.error}`);
      if (message.frames !== undefined && message.frames > RESTART_FRAMES) this.restartWanted = true;
    });
    worker.on('error', (error) => this.fallBack(error));
    worker.on('exit', () => this.fallBack());
    worker.unref();
    groupCommit(db).afterCommit(() => this.restartIfWanted());
  }

  static start(db: SqliteDb, { intervalMs = 20 } = {}): WalCheckpointer {
    if (db.memory) throw new Error('an in-memory database has no WAL to checkpoint');
    const worker = typescriptWorker(new URL('./wal-checkpointer.worker.ts', import.meta.url), { file: db.name, intervalMs });
    db.pragma('wal_autocheckpoint = 0');
    // After a restart the WAL file is cut back to this size instead of staying at its largest.
    db.pragma(`journal_size_limit = ${RESTART_FRAMES * 4096}`);
    return new WalCheckpointer(db, worker);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = once(this.worker, 'exit');
    // An unreferenced thread would let the process end before its exit is heard.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  }

  private restartIfWanted(): void {
    if (!this.restartWanted || this.stopped || !this.db.open || this.db.inTransaction) return;
    const [result] = this.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    // Busy: the thread is checkpointing right now; try again after the next commit.
    if (result && result.busy === 0 && result.checkpointed === result.log) this.restartWanted = false;
  }

  private fallBack(error?: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    if (error) console.error('the WAL checkpointer thread failed; checkpoints run in the writer again', error);
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  }
}

import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { groupCommit } from './group-commit';
import type { SqliteDb } from './sqlite';
import { typescriptWorker } from './typescript-worker';
import type { CheckpointReport, CheckpointSchedule } from './wal-checkpointer.worker';

/** Past this many WAL frames (a page and its header each), the writer takes the WAL back to its start. */
const RESTART_FRAMES = 32_768;
/** From this many frames on, the thread checkpoints every NEAR_RESTART_MS. */
const NEAR_RESTART_FRAMES = RESTART_FRAMES - 4_096;
const NEAR_RESTART_MS = 20;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;
/** A WAL file is a 32-byte header, then frames of a 24-byte header and one page each. */
const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

/** The size of a WAL of RESTART_FRAMES frames, which a restart then leaves as it is instead of cutting it back. */
export const walBytesAtRestart = (pageSize: number) => WAL_HEADER_BYTES + RESTART_FRAMES * (FRAME_HEADER_BYTES + pageSize);

/**
 * Moves a database's WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside
 * whichever commit crosses 1,000 WAL pages — copying them into the file and syncing it, ~15% of
 * checkout's main-thread time. Here the writing connection stops checkpointing and a thread with
 * its own connection checkpoints every `intervalMs` (PASSIVE: it never blocks the writer).
 *
 * Every checkpoint syncs the WAL and the file, and copies each page once however often it was
 * written since the last one; so a longer interval costs less (checkout at 32 shoppers: 200 ms
 * instead of 20, with 20 near the restart size, took the two checkpointer threads from ~200 to
 * ~145 ms of CPU a second). An OS crash may lose the commits of the last interval; a crash of the
 * process loses none.
 *
 * A WAL only starts over when a writer begins while every frame is in the file, which a writer
 * that never pauses does not see; so once the WAL passes RESTART_FRAMES the writer itself, right
 * after a commit, checkpoints the few frames the thread has not copied yet, and its next
 * transaction starts the WAL over (about once per 128 MB written). Near that size the thread
 * checkpoints every NEAR_RESTART_MS, so that what is left for the writer stays a few milliseconds'
 * worth (with 200 ms checkpoints all along it took the event loop 15-33 ms). If the thread fails,
 * automatic checkpoints come back.
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

  static start(db: SqliteDb, { intervalMs = 200 } = {}): WalCheckpointer {
    if (db.memory) throw new Error('an in-memory database has no WAL to checkpoint');
    const schedule: CheckpointSchedule = { intervalMs, nearRestartFrames: NEAR_RESTART_FRAMES, nearRestartMs: Math.min(intervalMs, NEAR_RESTART_MS) };
    const worker = typescriptWorker(new URL('./wal-checkpointer.worker.ts', import.meta.url), { file: db.name, ...schedule });
    db.pragma('wal_autocheckpoint = 0');
    // After a restart the WAL file is cut back to this size instead of staying at its largest; a
    // limit of RESTART_FRAMES pages alone, without the frame headers, cut it a little at every restart.
    db.pragma(`journal_size_limit = ${walBytesAtRestart(db.pragma('page_size', { simple: true }) as number)}`);
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

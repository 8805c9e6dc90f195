import { GroupCommit, groupCommit } from './group-commit';
import type { SqliteDb } from './sqlite';

/**
 * Tells an in-memory cache of a connection whether another connection has committed to the file
 * since it last asked (PRAGMA data_version). SQLite is only asked again once something on this
 * thread has committed, and not while this connection holds the write lock: in a running server
 * that is about once per turn of the event loop. (Another process writing the same file while the
 * server runs is not supported; its commits would be noticed only after the server's next commit.)
 */
export class ForeignCommits {
  private readonly dataVersion;
  private readonly commits: GroupCommit;
  private seen: number;
  private checkedInBatch: number | undefined;
  private checkedAfter = -1;

  constructor(db: SqliteDb) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.seen = this.dataVersion.get() as number;
    this.commits = groupCommit(db);
  }

  /** True once for each time another connection's commits were noticed. */
  changed(): boolean {
    const batch = this.commits.openBatch;
    if (batch !== undefined && batch === this.checkedInBatch) return false;
    if (GroupCommit.commitsInProcess === this.checkedAfter) return false;
    this.checkedInBatch = batch;
    this.checkedAfter = GroupCommit.commitsInProcess;
    const now = this.dataVersion.get() as number;
    if (now === this.seen) return false;
    this.seen = now;
    return true;
  }
}

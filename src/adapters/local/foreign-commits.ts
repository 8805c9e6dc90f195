import { groupCommit, type GroupCommit } from './group-commit';
import type { SqliteDb } from './sqlite';

/**
 * Tells an in-memory cache of a connection whether another connection has committed to the file
 * since it last asked (PRAGMA data_version). Inside this connection's open write transaction nobody
 * else can commit, so it asks SQLite at most once per transaction.
 */
export class ForeignCommits {
  private readonly dataVersion;
  private readonly commits: GroupCommit;
  private seen: number;
  private checkedInBatch: number | undefined;

  constructor(db: SqliteDb) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.seen = this.dataVersion.get() as number;
    this.commits = groupCommit(db);
  }

  /** True once for each time another connection's commits were noticed. */
  changed(): boolean {
    const batch = this.commits.openBatch;
    if (batch !== undefined && batch === this.checkedInBatch) return false;
    this.checkedInBatch = batch;
    const now = this.dataVersion.get() as number;
    if (now === this.seen) return false;
    this.seen = now;
    return true;
  }
}

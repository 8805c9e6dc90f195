import type { ReadStore } from '../../ports/read-store';
import { groupCommit, type GroupCommit } from './group-commit';
import type { SqliteDb } from './sqlite';

/** Named positions in the log (how far a reactor got), in rm_checkpoints of the given file, written with the turn's commit. */
export class SqliteCheckpoints implements Pick<ReadStore, 'getCheckpoint' | 'setCheckpoint'> {
  private readonly get;
  private readonly set;
  private readonly commits: GroupCommit;

  constructor(db: SqliteDb) {
    db.exec('CREATE TABLE IF NOT EXISTS rm_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);');
    this.get = db.prepare('SELECT position FROM rm_checkpoints WHERE name = ?').pluck();
    this.set = db.prepare(
      'INSERT INTO rm_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    this.commits = groupCommit(db);
  }

  async getCheckpoint(name: string): Promise<number> {
    return (this.get.get(name) as number | undefined) ?? 0;
  }

  async setCheckpoint(name: string, position: number): Promise<void> {
    await this.commits.write(() => this.set.run(name, position));
  }
}

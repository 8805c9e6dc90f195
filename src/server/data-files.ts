import { join } from 'node:path';
import { openDatabase, type SqliteDb } from '../adapters/local/sqlite';

export interface DataFiles {
  /** The event log, workflow executions, outboxes, the offline gateway, reactor checkpoints. */
  readonly eventsFile: string;
  readonly db: SqliteDb;
  /** The read models, written only by the projector thread; rebuilt from the log when missing. */
  readonly readModelsFile: string;
  readonly readDb: SqliteDb;
}

/** Opens the embedded runtime's two SQLite files in `dataDir`. */
export function openDataFiles(dataDir: string): DataFiles {
  const eventsFile = join(dataDir, 'marquee.db');
  const readModelsFile = join(dataDir, 'readmodels.db');
  const db = openDatabase(eventsFile);
  dropReadModelsOfOlderVersions(db);
  return { eventsFile, db, readModelsFile, readDb: openDatabase(readModelsFile) };
}

/** Read models used to live in marquee.db; they are rebuilt in readmodels.db, so the old copy goes. */
function dropReadModelsOfOlderVersions(db: SqliteDb): void {
  const old = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rm_rows'`).get();
  if (!old) return;
  db.transaction(() => {
    db.exec(`DROP TABLE rm_rows`);
    db.prepare(`DELETE FROM rm_checkpoints WHERE name = 'projector'`).run();
  })();
  console.log('read models now live in readmodels.db: rebuilding them there from the log');
}

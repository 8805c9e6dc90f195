import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDb = Database.Database;

/**
 * Opens the embedded store: one SQLite file holding the event log, read models,
 * workflow executions and outboxes. WAL lets readers run beside the single writer;
 * synchronous=NORMAL is durable across process crashes (only an OS crash can lose
 * the last commits), which is the failure the embedded runtime promises to survive.
 */
export function openDatabase(file: string): SqliteDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Savepoints and sorts that outgrow 64 kB go to memory, not to a temporary file SQLite creates
  // and deletes each time: the projector's batches did so ~17 times a second, and on ext4 without
  // a journal every file created then has to skip the inodes deleted in the last five minutes.
  db.pragma('temp_store = MEMORY');
  return db;
}

import { afterAll, beforeAll, describe } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/adapters/local/sqlite';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import { WriteBehindReadStore } from '../../src/adapters/local/read-store-write-behind';
import { DynamoReadStore } from '../../src/adapters/aws/dynamo-read-store';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { readStoreContract } from './read-store.contract';

describe('SqliteReadStore', () => {
  readStoreContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marquee-read-'));
    const db = openDatabase(join(dir, 'marquee.db'));
    return {
      store: new SqliteReadStore(db),
      async cleanup() {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

// The projector's write-behind view: checkpoints commit its rows, so each test's writes are read back through it.
describe('WriteBehindReadStore over SQLite', () => {
  readStoreContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marquee-read-wb-'));
    const db = openDatabase(join(dir, 'marquee.db'));
    return {
      store: new WriteBehindReadStore(new SqliteReadStore(db), db),
      async cleanup() {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('DynamoReadStore (dynalite)', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.close();
  });

  readStoreContract(async () => {
    const tables = await dynamo.createTables();
    return { store: new DynamoReadStore({ client: dynamo.client, tableName: tables.readModels }), cleanup: async () => {} };
  });
});

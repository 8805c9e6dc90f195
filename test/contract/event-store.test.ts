import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { openDatabase } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { DynamoEventStore } from '../../src/adapters/aws/dynamo-event-store';
import { eventsTable } from '../../src/adapters/aws/dynamo-tables';
import { isConcurrencyError } from '../../src/ports/event-store';
import type { Clock } from '../../src/ports/clock';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { eventStoreContract } from './event-store.contract';

describe('SqliteEventStore', () => {
  eventStoreContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marquee-events-'));
    const db = openDatabase(join(dir, 'marquee.db'));
    const store = new SqliteEventStore(db);
    return {
      store,
      async cleanup() {
        await store.close();
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('DynamoEventStore (dynalite)', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.close();
  });

  eventStoreContract(async () => {
    const tables = await dynamo.createTables();
    const store = new DynamoEventStore({ client: dynamo.client, tableName: tables.events, pollMs: 50 });
    return { store, cleanup: () => store.close() };
  });

  describe('global positions without a global order', () => {
    const settleMs = 5000;
    const commitDeadlineMs = 1000;
    const meta = { at: '2026-01-01T00:00:00.000Z' };
    let time = 0;
    const clock: Clock = { now: () => new Date(time) };

    const freshStore = async (client: DynamoDBClient = dynamo.client) => {
      time = 1_000_000;
      const tables = await dynamo.createTables();
      const store = new DynamoEventStore({ client, tableName: tables.events, clock, settleMs, commitDeadlineMs });
      return { store, tables };
    };

    /** A second client whose PutItem calls wait until released: a writer stalled before its commit lands. */
    const stallingClient = () => {
      const client = new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      let reached!: () => void;
      let release!: () => void;
      const putReached = new Promise<void>((resolve) => (reached = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'PutItemCommand') {
            reached();
            await released;
          }
          return next(args);
        },
        { step: 'initialize', name: 'stallPuts' },
      );
      return { client, putReached, release };
    };

    it('holds back events behind a hole until a slow writer lands, then delivers in position order', async () => {
      const stalled = stallingClient();
      const { store: slow, tables } = await freshStore(stalled.client);
      const fast = new DynamoEventStore({ client: dynamo.client, tableName: tables.events, clock, settleMs });

      const slowAppend = slow.append('slow', 0, [{ type: 'Slow', data: {} }], meta);
      await stalled.putReached; // position 1 is allocated, its commit not yet written
      const fastResult = await fast.append('fast', 0, [{ type: 'Fast', data: {} }], meta);
      expect(fastResult.position).toBe(2);
      expect(await fast.readAll(0, 10)).toEqual([]);

      stalled.release();
      expect((await slowAppend).position).toBe(1);
      expect((await fast.readAll(0, 10)).map((e) => [e.position, e.type])).toEqual([
        [1, 'Slow'],
        [2, 'Fast'],
      ]);
      stalled.client.destroy();
    });

    it('skips a hole left by a writer that died once the commit after it has settled', async () => {
      const { store, tables } = await freshStore();
      // a writer that allocated position 1 and then vanished
      await dynamo.client.send(
        new UpdateItemCommand({
          TableName: tables.events,
          Key: { pk: { S: eventsTable.counterStreamId }, sk: { N: '0' } },
          UpdateExpression: 'ADD #value :one',
          ExpressionAttributeNames: { '#value': 'value' },
          ExpressionAttributeValues: { ':one': { N: '1' } },
        }),
      );
      await store.append('a', 0, [{ type: 'A', data: {} }], meta);

      expect(await store.readAll(0, 10)).toEqual([]);
      time += settleMs;
      expect(await store.readAll(0, 10)).toEqual([]);
      time += 1;
      expect((await store.readAll(0, 10)).map((e) => [e.position, e.type])).toEqual([[2, 'A']]);
    });

    it('leaves no hole behind a writer that lost the race (readers never wait)', async () => {
      const { store } = await freshStore();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => store.append('hot', 0, [{ type: 'Won', data: { i } }], meta)),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      await store.append('hot', 1, [{ type: 'Next', data: {} }], meta);
      // the clock never moves: only gap items can let readAll past the losers' positions
      expect((await store.readAll(0, 10)).map((e) => e.type)).toEqual(['Won', 'Next']);
    });

    it('gives up (retryably) when allocating took longer than the commit deadline, leaving no hole', async () => {
      const client = new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      let slowOnce = true;
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const result = await next(args);
          if (context.commandName === 'UpdateItemCommand' && slowOnce) {
            slowOnce = false;
            time += commitDeadlineMs + 1;
          }
          return result;
        },
        { step: 'initialize', name: 'slowAllocation' },
      );
      const { store } = await freshStore(client);

      const error = await store.append('s', 0, [{ type: 'Late', data: {} }], meta).catch((e: unknown) => e);
      expect(isConcurrencyError(error)).toBe(true);
      expect(await store.readStream('s')).toEqual([]);

      await store.append('s', 0, [{ type: 'OnTime', data: {} }], meta);
      expect((await store.readAll(0, 10)).map((e) => [e.position, e.type])).toEqual([[2, 'OnTime']]);
      client.destroy();
    });
  });
});

describe('SqliteEventStore stream numbers', () => {
  it('gives a stream number back when the append that took it fails, so no two streams share one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marquee-numbers-'));
    const db = openDatabase(join(dir, 'marquee.db'));
    const store = new SqliteEventStore(db);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const meta = { at: '2026-12-01T00:00:00.000Z' };
    await expect(store.append('bad', 0, [{ type: 'Oops', data: circular }], meta)).rejects.toThrow(/circular/i);
    await store.append('good', 0, [{ type: 'Fine', data: { n: 1 } }], meta);
    await store.append('bad', 0, [{ type: 'Fine', data: { n: 2 } }], meta);
    expect((await store.readStream('good')).map((e) => e.data)).toEqual([{ n: 1 }]);
    expect((await store.readStream('bad')).map((e) => e.data)).toEqual([{ n: 2 }]);
    expect(db.prepare('SELECT stream_id FROM es_streams ORDER BY stream_no').pluck().all()).toEqual(['good', 'bad']);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

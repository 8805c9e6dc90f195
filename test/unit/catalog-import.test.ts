import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/app/catalog/catalog';
import { CatalogImport } from '../../src/app/catalog/import-catalog';
import { CommandHandler } from '../../src/app/command-handler';
import { Projector } from '../../src/app/projector';
import { productsProjection } from '../../src/app/projections/products';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import type { BlobStore } from '../../src/ports/blob-store';
import { systemClock } from '../../src/ports/clock';

/** Blobs in memory; read() streams in small chunks like a file or S3 body would. */
class MemoryBlobs implements BlobStore {
  readonly objects = new Map<string, string>();
  async createUploadUrl({ key }: { key: string }) {
    return `memory://${key}`;
  }
  async exists(key: string) {
    return this.objects.has(key);
  }
  async read(key: string) {
    const text = this.objects.get(key);
    if (text === undefined) return undefined;
    const bytes = new TextEncoder().encode(text);
    return (async function* () {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    })();
  }
}

const CSV = [
  'sku,title,description,price,currency,category,kind,images,grantsVideoIds,stock,published',
  'MUG-1,"Mug, large","Holds ""a lot""",1800,JPY,kitchen,PHYSICAL,mug.jpg|mug-2.jpg,,25,true',
  'FILM-1,Film pass,,900,JPY,film,DIGITAL,,vid-1|vid-2,,false',
  'NEW-BAD,Missing price,,,,,PHYSICAL,,,,',
  'EXIST-1,,,,,,,,,5,',
  'EXIST-2,Renamed,,,,,,,,,yes',
  'TOO-MANY,x,,100,JPY,,PHYSICAL,,,2000000000,',
].join('\n');

describe('CatalogImport use case (SQLite event store + products projection, in-memory blobs)', () => {
  let dir: string;
  let db: SqliteDb;
  let events: SqliteEventStore;
  let projector: Projector;
  let catalog: Catalog;
  let imports: CatalogImport;
  const blobs = new MemoryBlobs();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marquee-import-'));
    db = openDatabase(join(dir, 'test.db'));
    events = new SqliteEventStore(db);
    const read = new SqliteReadStore(db);
    projector = new Projector(events, read, { publish: async () => undefined }, [productsProjection]);
    await projector.start();
    const commands = new CommandHandler(events, systemClock);
    const settled = (p: number) => projector.settled(p);
    catalog = new Catalog({ commands, read, settled });
    imports = new CatalogImport({ catalog, commands, settled, blobs, clock: systemClock });
    await catalog.createProduct({ sku: 'EXIST-1', title: 'Old one', price: { amount: 100, currency: 'JPY' }, kind: 'PHYSICAL' }, 'sam');
    await catalog.adjustStock('EXIST-1', 2, 'count', 'sam');
    await catalog.createProduct({ sku: 'EXIST-2', title: 'Old two', price: { amount: 200, currency: 'JPY' }, kind: 'DIGITAL' }, 'sam');
  });
  afterAll(async () => {
    await projector.stop();
    await events.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const logLength = async () => (await events.readAll(0, 100_000)).length;

  it('signs uploads only for the import types, within 20 MB, under imports/', async () => {
    const target = await imports.requestUpload('text/csv', 1000);
    expect(target.key).toMatch(/^imports\/[0-9a-f]{24}\.csv$/);
    expect((await imports.requestUpload('application/jsonl', 10)).key).toMatch(/\.jsonl$/);
    expect((await imports.requestUpload('application/x-ndjson; charset=utf-8', 10)).key).toMatch(/\.jsonl$/);
    await expect(imports.requestUpload('video/mp4', 10)).rejects.toMatchObject({ errorType: 'ValidationError' });
    await expect(imports.requestUpload('text/csv', 20 * 1024 * 1024 + 1)).rejects.toMatchObject({ errorType: 'ValidationError' });
    await expect(imports.requestUpload('text/csv', 0)).rejects.toMatchObject({ errorType: 'ValidationError' });
  });

  it('refuses keys that are not import uploads, and a key with nothing uploaded', async () => {
    await expect(imports.run('videos/v1/source/abc', 'sam')).rejects.toMatchObject({ errorType: 'ValidationError' });
    await expect(imports.run('imports/../secrets.csv', 'sam')).rejects.toMatchObject({ errorType: 'ValidationError' });
    await expect(imports.run(`imports/${'0'.repeat(24)}.csv`, 'sam')).rejects.toMatchObject({ errorType: 'NotFound' });
  });

  it('good rows land, bad rows are reported by line, and re-running changes nothing', async () => {
    const { key } = await imports.requestUpload('text/csv', CSV.length);
    blobs.objects.set(key, CSV);
    const before = await logLength();

    const result = await imports.run(key, 'sam');
    expect(result).toEqual({
      created: 2,
      updated: 2,
      unchanged: 0,
      failed: 2,
      errors: [
        { row: 4, message: 'NEW-BAD is a new product: it needs title, price, currency and kind' },
        { row: 7, message: expect.stringMatching(/^stock must be a whole number from 0 to 1000000000/) },
      ],
    });
    expect(await catalog.product('MUG-1', true)).toMatchObject({
      title: 'Mug, large',
      description: 'Holds "a lot"',
      price: { amount: 1800, currency: 'JPY' },
      category: 'kitchen',
      images: ['mug.jpg', 'mug-2.jpg'],
      published: true,
      onHand: 25,
      available: 25,
    });
    expect(await catalog.product('FILM-1', true)).toMatchObject({ kind: 'DIGITAL', grantsVideoIds: ['vid-1', 'vid-2'], published: false });
    // Only the given fields change: EXIST-1 keeps its title, its stock is set absolutely (2 -> 5).
    expect(await catalog.product('EXIST-1', true)).toMatchObject({ title: 'Old one', onHand: 5 });
    expect(await catalog.product('EXIST-2', true)).toMatchObject({ title: 'Renamed', published: true, price: { amount: 200 } });
    expect(await catalog.product('NEW-BAD', true)).toBeUndefined();
    expect(await catalog.product('TOO-MANY', true)).toBeUndefined();
    const stockEvents = (await events.readStream('inventory-EXIST-1')).at(-1)!;
    expect(stockEvents.data).toMatchObject({ delta: 3, reason: `import ${key}` });
    const grown = await logLength();
    expect(grown).toBeGreaterThan(before);

    const again = await imports.run(key, 'sam');
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4, failed: 2 });
    expect(await logLength()).toBe(grown);

    // The same file uploaded again under a new key changes nothing either.
    const second = await imports.requestUpload('text/csv', CSV.length);
    blobs.objects.set(second.key, CSV);
    expect(await imports.run(second.key, 'sam')).toMatchObject({ created: 0, updated: 0, unchanged: 4, failed: 2 });
    expect(await logLength()).toBe(grown);
  });

  it('stops at its time budget with one report for the rest, and a re-run continues', async () => {
    let ms = 0;
    // Every reading of this clock is 10 s later: the 25 s budget allows two rows.
    const slow = { now: () => new Date((ms += 10_000)) };
    const deps = { catalog, commands: new CommandHandler(events, systemClock), settled: (p: number) => projector.settled(p), blobs };
    const budgeted = new CatalogImport({ ...deps, clock: slow, timeBudgetMs: 25_000 });
    const key = `imports/${'b'.repeat(24)}.jsonl`;
    blobs.objects.set(key, ['T-1', 'T-2', 'T-3', 'T-4'].map((sku) => JSON.stringify({ sku, title: sku, price: 5, currency: 'JPY', kind: 'DIGITAL' })).join('\n'));
    expect(await budgeted.run(key, 'sam')).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      failed: 2,
      errors: [{ row: 3, message: expect.stringMatching(/^this row and the ones after it were not imported: the import ran out of time/) }],
    });
    expect(await catalog.product('T-3', true)).toBeUndefined();
    expect(await imports.run(key, 'sam')).toMatchObject({ created: 2, unchanged: 2, failed: 0 });
  });

  it('a re-run of the same import does not re-apply a stock change after stock moved on', async () => {
    const jsonl = `${JSON.stringify({ sku: 'EXIST-2', stock: 10 })}\n`;
    const { key } = await imports.requestUpload('application/x-ndjson', jsonl.length);
    blobs.objects.set(key, jsonl);
    expect(await imports.run(key, 'sam')).toMatchObject({ updated: 1, failed: 0 });
    await catalog.adjustStock('EXIST-2', -4, 'sold at the counter', 'sam');
    const grown = await logLength();
    expect(await imports.run(key, 'sam')).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await logLength()).toBe(grown);
    expect(await catalog.product('EXIST-2', true)).toMatchObject({ onHand: 6 });
  });
});

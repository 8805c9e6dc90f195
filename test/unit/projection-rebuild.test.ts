import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/app/catalog/catalog';
import { CommandHandler } from '../../src/app/command-handler';
import { Projector } from '../../src/app/projector';
import { productsProjection } from '../../src/app/projections/products';
import { Tables } from '../../src/app/read-models';
import { openDatabase } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import { systemClock } from '../../src/ports/clock';
import type { Publisher } from '../../src/ports/publisher';

describe('products projection', () => {
  it('rebuilt from the log equals the incrementally built read model; re-applying changes nothing', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'marquee-proj-')), 'test.db'));
    const events = new SqliteEventStore(db);
    const read = new SqliteReadStore(db);
    const published: string[] = [];
    const publisher: Publisher = { publish: async (_m, p) => void published.push(String(p.id)) };
    const projector = new Projector(events, read, publisher, [productsProjection]);
    await projector.start();
    const catalog = new Catalog({ commands: new CommandHandler(events, systemClock), read, settled: (p) => projector.settled(p) });

    for (let i = 0; i < 20; i++) {
      const sku = `SKU-${i}`;
      await catalog.createProduct({ sku, title: `商品 ${i}`, price: { amount: 100 + i, currency: 'JPY' }, kind: 'PHYSICAL' }, 't');
      await catalog.adjustStock(sku, 10 + i, 'in', 't');
      if (i % 2) await catalog.setPublished(sku, true, 't');
      if (i % 3 === 0) await catalog.updateProduct(sku, { price: { amount: 999, currency: 'JPY' } }, 't');
    }
    const snapshot = async () => (await read.list(Tables.products, { limit: 1000 })).items;
    const incremental = await snapshot();
    expect(incremental).toHaveLength(20);
    expect(incremental.find((r) => r.id === 'SKU-3')?.doc).toMatchObject({ available: 13, published: true, price: { amount: 999 } });

    // Applying the whole log again over the existing rows is a no-op (versions guard).
    const all = await events.readAll(0, 10_000);
    await projector.handle(all, false);
    expect(await snapshot()).toEqual(incremental);

    await projector.rebuild();
    expect(await snapshot()).toEqual(incremental);
    expect(published.length).toBeGreaterThan(0);
    await projector.stop();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WriteBehindReadStore } from '../../src/adapters/local/read-store-write-behind';
import { openDatabase } from '../../src/adapters/local/sqlite';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import { isConcurrencyError } from '../../src/ports/event-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stores() {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-wb-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'marquee.db'));
  const inner = new SqliteReadStore(db);
  return { inner, behind: new WriteBehindReadStore(inner, db) };
}

const row = (versions: Record<string, number>, n: number) => ({ id: 'p', doc: { n }, versions });

describe('WriteBehindReadStore conditional puts', () => {
  it('checks a conditional put against its own pending row, then lands the batch at the checkpoint', async () => {
    const { inner, behind } = stores();
    await behind.put('products', row({ 'product-p': 1 }, 1), { expected: 'absent' });
    await behind.put('products', row({ 'product-p': 2 }, 2), { expected: { 'product-p': 1 } });
    const stale = await behind.put('products', row({ 'product-p': 2 }, 3), { expected: { 'product-p': 1 } }).catch((e: unknown) => e);
    expect(isConcurrencyError(stale)).toBe(true);
    expect(await inner.get('products', 'p')).toBeUndefined();
    await behind.setCheckpoint('projector', 7);
    expect(await inner.get('products', 'p')).toEqual(row({ 'product-p': 2 }, 2));
  });

  it('refuses the whole batch, checkpoint included, when another writer changed the row before it landed', async () => {
    const { inner, behind } = stores();
    await inner.put('products', row({ 'product-p': 1 }, 1));
    await behind.put('products', row({ 'product-p': 2 }, 2), { expected: { 'product-p': 1 } });
    await inner.put('products', row({ 'product-p': 1, 'inventory-p': 1 }, 10));
    const failed = await behind.setCheckpoint('projector', 7).catch((e: unknown) => e);
    expect(isConcurrencyError(failed)).toBe(true);
    expect(await inner.get('products', 'p')).toEqual(row({ 'product-p': 1, 'inventory-p': 1 }, 10));
    expect(await inner.getCheckpoint('projector')).toBe(0);
    expect(await behind.get('products', 'p')).toEqual(row({ 'product-p': 1, 'inventory-p': 1 }, 10)); // nothing stale held back
  });
});

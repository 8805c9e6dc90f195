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
  const file = join(dir, 'marquee.db');
  const db = openDatabase(file);
  const inner = new SqliteReadStore(db);
  return { file, inner, behind: new WriteBehindReadStore(inner, db) };
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

describe('WriteBehindReadStore rows it found absent', () => {
  it('inserts them, with their partition, and updates them in later batches', async () => {
    const { inner, behind } = stores();
    expect(await behind.get('orders', 'o1')).toBeUndefined();
    await behind.put('orders', { id: 'o1', doc: { status: 'PLACED' }, versions: { 'order-o1': 1 }, partition: 'c1' });
    await behind.setCheckpoint('projector', 1);
    await behind.put('orders', { id: 'o1', doc: { status: 'CONFIRMED' }, versions: { 'order-o1': 2 }, partition: 'c1' });
    await behind.setCheckpoint('projector', 2);
    expect(await inner.get('orders', 'o1')).toEqual({ id: 'o1', doc: { status: 'CONFIRMED' }, versions: { 'order-o1': 2 }, partition: 'c1' });
    expect((await inner.list('orders', { partition: 'c1' })).items.map((r) => r.doc)).toEqual([{ status: 'CONFIRMED' }]);
  });

  it('still lands a row written meanwhile by another connection, whose absence it believed', async () => {
    const { file, inner, behind } = stores();
    expect(await behind.get('orders', 'o1')).toBeUndefined();
    // Another connection on the same file: the store's in-memory belief is not told of its write.
    const otherDb = openDatabase(file);
    await new SqliteReadStore(otherDb).put('orders', { id: 'o1', doc: { status: 'PLACED' }, versions: { 'order-o1': 1 } });
    otherDb.close();
    await behind.put('orders', { id: 'o1', doc: { status: 'CONFIRMED' }, versions: { 'order-o1': 2 } });
    await behind.setCheckpoint('projector', 2);
    expect(await inner.get('orders', 'o1')).toEqual({ id: 'o1', doc: { status: 'CONFIRMED' }, versions: { 'order-o1': 2 } });
  });
});

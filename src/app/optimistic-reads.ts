import type { PutOptions, ReadRow, ReadStore } from '../ports/read-store';

/**
 * A view of the read store for ONE application of a projection: every put of a row that was read
 * through it is conditional on the versions seen (or on its absence), so a concurrent writer of
 * the same row (another stream shard in AWS) makes the put fail instead of being overwritten.
 */
export function optimisticReads(read: ReadStore): ReadStore {
  const seen = new Map<string, PutOptions['expected']>();
  const key = (table: string, id: string) => `${table}\u0000${id}`;
  return {
    async get<T>(table: string, id: string) {
      const row = await read.get<T>(table, id);
      seen.set(key(table, id), row ? row.versions : 'absent');
      return row;
    },
    async put<T>(table: string, row: ReadRow<T>, options?: PutOptions) {
      const k = key(table, row.id);
      const expected = options?.expected ?? seen.get(k);
      await read.put(table, row, expected === undefined ? options : { ...options, expected });
      if (seen.has(k)) seen.set(k, row.versions);
    },
    async delete(table: string, id: string) {
      await read.delete(table, id);
      if (seen.has(key(table, id))) seen.set(key(table, id), 'absent');
    },
    list: (table, options) => read.list(table, options),
    reset: (tables, checkpoints) => read.reset(tables, checkpoints),
    getCheckpoint: (name) => read.getCheckpoint(name),
    setCheckpoint: (name, position) => read.setCheckpoint(name, position),
  };
}

import type { ListOptions, PutOptions, ReadRow, ReadStore } from '../ports/read-store';

/**
 * A view of the read store for ONE application of a projection: every put of a row that was read
 * through it is conditional on the versions seen (or on its absence), so a concurrent writer of
 * the same row (another stream shard in AWS) makes the put fail instead of being overwritten.
 */
export function optimisticReads(read: ReadStore): ReadStore {
  return new OptimisticReads(read);
}

// A class rather than an object of closures: one is made per event and projection, and
// per-instance functions (named by the dev loader) showed in checkout's profile.
class OptimisticReads implements ReadStore {
  private readonly seen = new Map<string, PutOptions['expected']>();

  constructor(private readonly read: ReadStore) {}

  async get<T>(table: string, id: string) {
    const row = await this.read.get<T>(table, id);
    this.seen.set(key(table, id), row ? row.versions : 'absent');
    return row;
  }

  async put<T>(table: string, row: ReadRow<T>, options?: PutOptions) {
    const k = key(table, row.id);
    const expected = options?.expected ?? this.seen.get(k);
    await this.read.put(table, row, expected === undefined ? options : { ...options, expected });
    if (this.seen.has(k)) this.seen.set(k, row.versions);
  }

  async delete(table: string, id: string) {
    await this.read.delete(table, id);
    if (this.seen.has(key(table, id))) this.seen.set(key(table, id), 'absent');
  }

  list<T>(table: string, options?: ListOptions) {
    return this.read.list<T>(table, options);
  }

  reset(tables: readonly string[], checkpoints: readonly string[]) {
    return this.read.reset(tables, checkpoints);
  }

  getCheckpoint(name: string) {
    return this.read.getCheckpoint(name);
  }

  setCheckpoint(name: string, position: number) {
    return this.read.setCheckpoint(name, position);
  }
}

const key = (table: string, id: string) => `${table}\u0000${id}`;

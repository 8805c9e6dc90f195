import { randomBytes } from 'node:crypto';
import { notFound, validation } from '../../domain/errors';
import type { BlobStore } from '../../ports/blob-store';
import type { Clock } from '../../ports/clock';
import type { UploadTarget } from '../vod/videos';
import { applyRow, RowFailed, type ApplyDeps } from './import-apply';
import { linesOf } from './import-lines';
import { importRecords, type ImportFormat } from './import-records';

export interface CatalogImportDeps extends ApplyDeps {
  readonly blobs: BlobStore;
  readonly clock: Clock;
  /**
   * How long one run may apply rows (a Lambda behind AppSync has under 30 s). Rows left over are
   * reported; running the same key again skips what landed (unchanged) and continues.
   */
  readonly timeBudgetMs?: number;
}

export interface ImportRowError {
  readonly row: number;
  readonly message: string;
}

export interface ImportResult {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly failed: number;
  /** One per failed row, in file order; `row` is the line number in the file (the CSV header is line 1). */
  readonly errors: ImportRowError[];
}

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Imports run within one API request; a larger catalog is imported in several files. */
export const MAX_IMPORT_ROWS = 5_000;
const MAX_REPORTED_ERRORS = 1_000;
const UPLOAD_URL_TTL_MS = 15 * 60 * 1000;

const FORMAT_OF_TYPE: Readonly<Record<string, ImportFormat>> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
};

const IMPORT_KEY = /^imports\/[0-9a-f]{24}\.(csv|jsonl)$/;

/** The format of an import key, or a ValidationError for any key that is not one (no other blobs are readable). */
export function importFormatOf(key: string): ImportFormat {
  const match = IMPORT_KEY.exec(key);
  if (!match) throw validation('key must be the key requestImportUpload returned', { field: 'key' });
  return match[1] as ImportFormat;
}

/** Bulk upsert of products and stock from an uploaded CSV or JSON-lines file. */
export class CatalogImport {
  constructor(private readonly deps: CatalogImportDeps) {}

  /** A one-shot signed PUT for an import file under `imports/`. */
  async requestUpload(contentType: string, size: number): Promise<UploadTarget> {
    const type = contentType.split(';')[0]!.trim().toLowerCase();
    const format = FORMAT_OF_TYPE[type];
    if (!format)
      throw validation(`contentType must be one of ${Object.keys(FORMAT_OF_TYPE).join(', ')}`, { field: 'contentType' });
    if (!Number.isSafeInteger(size) || size < 1 || size > MAX_IMPORT_BYTES)
      throw validation(`size must be 1 to ${MAX_IMPORT_BYTES} bytes (20 MB)`, { field: 'size' });
    const key = `imports/${randomBytes(12).toString('hex')}.${format}`;
    const expiresAt = new Date(this.deps.clock.now().getTime() + UPLOAD_URL_TTL_MS);
    const uploadUrl = await this.deps.blobs.createUploadUrl({ key, contentType: type, maxBytes: size, expiresAt });
    return { uploadUrl, key, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Applies the file row by row: good rows land, bad rows are reported by line number. Rows are
   * applied in file order, so a sku that appears twice ends as its last row says.
   */
  async run(key: string, actor: string): Promise<ImportResult> {
    const format = importFormatOf(key);
    const body = await this.deps.blobs.read(key);
    if (!body) throw notFound('nothing has been uploaded to this key (yet)');
    const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
    const errors: ImportRowError[] = [];
    const fail = (row: number, message: string) => {
      counts.failed += 1;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push({ row, message });
    };
    const deadline = this.deps.timeBudgetMs === undefined ? Infinity : this.deps.clock.now().getTime() + this.deps.timeBudgetMs;
    let rows = 0;
    let stopped: string | undefined;
    let skipped = 0;
    for await (const record of importRecords(format, linesOf(body))) {
      rows += 1;
      if (!stopped && rows > MAX_IMPORT_ROWS)
        stopped = `a file may have at most ${MAX_IMPORT_ROWS} rows; import the rest as another file`;
      if (!stopped && this.deps.clock.now().getTime() > deadline)
        stopped = 'the import ran out of time; import the same file again to continue (rows already imported stay unchanged)';
      if (stopped) {
        // One report for the whole rest of the file; each skipped row still counts as failed.
        if (skipped++ === 0) fail(record.line, `this row and the ones after it were not imported: ${stopped}`);
        else counts.failed += 1;
        continue;
      }
      if ('error' in record) {
        fail(record.line, record.error);
        continue;
      }
      try {
        counts[await applyRow(this.deps, record.row, { key, line: record.line, actor })] += 1;
      } catch (error) {
        if (!(error instanceof RowFailed)) throw error;
        fail(record.line, error.message);
      }
    }
    return { ...counts, errors };
  }
}

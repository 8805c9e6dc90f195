import { validation } from '../../domain/errors';
import { csvRecords } from './import-csv';
import type { Line } from './import-lines';
import { IMPORT_COLUMNS, rowMessage, toImportRow, type ImportColumn, type ImportRow, type RawRow } from './import-row';

export type ImportFormat = 'csv' | 'jsonl';

/** A row ready to apply, or why it cannot be (the line number is what the error report shows). */
export type ImportRecord = { readonly line: number; readonly row: ImportRow } | { readonly line: number; readonly error: string };

const byLowerName = new Map<string, ImportColumn>(IMPORT_COLUMNS.map((c) => [c.toLowerCase(), c]));

/** Maps a CSV header to columns; a file whose header is wrong is refused as a whole. */
export function csvColumns(header: readonly string[]): ImportColumn[] {
  const columns = header.map((h) => byLowerName.get(h.trim().toLowerCase()));
  const unknown = header.filter((_, i) => columns[i] === undefined);
  if (unknown.length)
    throw validation(`unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}; the columns are ${IMPORT_COLUMNS.join(',')}`);
  const known = columns as ImportColumn[];
  const repeated = known.find((c, i) => known.indexOf(c) !== i);
  if (repeated) throw validation(`column "${repeated}" appears twice in the header`);
  if (!known.includes('sku')) throw validation('the header row must have a sku column');
  return known;
}

async function* fromCsv(lines: AsyncIterable<Line>): AsyncGenerator<ImportRecord> {
  let columns: ImportColumn[] | undefined;
  for await (const record of csvRecords(lines)) {
    if (!columns) {
      if ('error' in record) throw validation(`the header row cannot be read: ${record.error}`);
      columns = csvColumns(record.fields);
      continue;
    }
    if ('error' in record) {
      yield record;
      continue;
    }
    if (record.fields.length !== columns.length) {
      yield { line: record.line, error: `expected ${columns.length} fields as in the header, found ${record.fields.length}` };
      continue;
    }
    const raw: RawRow = {};
    columns.forEach((c, i) => (raw[c] = record.fields[i]));
    yield convert(record.line, raw);
  }
  if (!columns) throw validation('the file is empty; it needs a header row and at least one row');
}

async function* fromJsonLines(lines: AsyncIterable<Line>): AsyncGenerator<ImportRecord> {
  for await (const { number, text } of lines) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line: number, error: rowMessage(error) };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { line: number, error: 'each line must be one JSON object' };
      continue;
    }
    const unknown = Object.keys(value).filter((k) => !(IMPORT_COLUMNS as readonly string[]).includes(k));
    if (unknown.length) {
      yield { line: number, error: `unknown field(s) ${unknown.join(', ')}; the fields are ${IMPORT_COLUMNS.join(', ')}` };
      continue;
    }
    yield convert(number, value as RawRow);
  }
}

function convert(line: number, raw: RawRow): ImportRecord {
  try {
    return { line, row: toImportRow(raw) };
  } catch (error) {
    return { line, error: rowMessage(error) };
  }
}

/** The rows of an import file in order, read as the lines arrive. */
export const importRecords = (format: ImportFormat, lines: AsyncIterable<Line>): AsyncGenerator<ImportRecord> =>
  format === 'csv' ? fromCsv(lines) : fromJsonLines(lines);

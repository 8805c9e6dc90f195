import type { Line } from './import-lines';

/** One CSV record: the line it starts on and its fields, or why it could not be read. */
export type CsvRecord =
  | { readonly line: number; readonly fields: string[] }
  | { readonly line: number; readonly error: string };

type Parsed = { fields: string[] } | { incomplete: true } | { error: string };

/** A quoted field may span lines, but not without end. */
const MAX_RECORD_LINES = 200;

/**
 * RFC 4180 fields of one record: comma-separated, a field in double quotes may hold commas,
 * newlines and `""` for a quote. `incomplete` means a quoted field is still open at the end.
 */
export function parseCsvRecord(text: string): Parsed {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) return { incomplete: true };
        value += text.slice(i, close);
        if (text[close + 1] === '"') {
          value += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return { fields };
      if (text[i] !== ',') return { error: `unexpected character after a closing quote in field ${fields.length}` };
      i += 1;
    } else {
      const comma = text.indexOf(',', i);
      const value = comma < 0 ? text.slice(i) : text.slice(i, comma);
      if (value.includes('"'))
        return { error: `field ${fields.length + 1} has a quote but does not start with one (quote the whole field and double inner quotes)` };
      fields.push(value);
      if (comma < 0) return { fields };
      i = comma + 1;
    }
  }
}

/** CSV records from lines, joining the lines of quoted fields that contain newlines. Blank lines are skipped. */
export async function* csvRecords(lines: AsyncIterable<Line>): AsyncGenerator<CsvRecord> {
  let start = 0;
  let buffer: string[] = [];
  for await (const line of lines) {
    if (buffer.length === 0) {
      if (line.text.trim() === '') continue;
      start = line.number;
    }
    buffer.push(line.text);
    const parsed = parseCsvRecord(buffer.join('\n'));
    if ('incomplete' in parsed) {
      if (buffer.length < MAX_RECORD_LINES) continue;
      yield { line: start, error: `a quoted field is not closed within ${MAX_RECORD_LINES} lines` };
    } else if ('error' in parsed) yield { line: start, error: parsed.error };
    else yield { line: start, fields: parsed.fields };
    buffer = [];
  }
  if (buffer.length > 0) yield { line: start, error: 'a quoted field is not closed before the end of the file' };
}

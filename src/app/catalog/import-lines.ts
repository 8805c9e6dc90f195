import { validation } from '../../domain/errors';

export interface Line {
  /** 1-based line number in the file. */
  readonly number: number;
  readonly text: string;
}

/** A line longer than this is not a catalog row; refusing it keeps memory bounded. */
export const MAX_LINE_CHARS = 1_000_000;

/**
 * Splits a byte stream into text lines as it arrives (UTF-8, `\n` or `\r\n`, a leading BOM
 * dropped), so an import never holds the whole file in memory.
 */
export async function* linesOf(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let number = 0;
  const emit = (raw: string): Line => {
    number += 1;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (number === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    return { number, text };
  };
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      yield emit(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    if (pending.length > MAX_LINE_CHARS)
      throw validation(`line ${number + 1} is longer than ${MAX_LINE_CHARS} characters; is this a CSV or JSON-lines file?`);
  }
  pending += decoder.decode();
  if (pending.length > 0) yield emit(pending);
}

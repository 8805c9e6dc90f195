import { describe, expect, it } from 'vitest';
import { csvRecords, parseCsvRecord } from '../../src/app/catalog/import-csv';
import { linesOf } from '../../src/app/catalog/import-lines';
import { importRecords, type ImportRecord } from '../../src/app/catalog/import-records';

/** The text as a byte stream cut into tiny chunks, so lines and multi-byte characters straddle chunks. */
async function* bytes(text: string, size = 3): AsyncGenerator<Uint8Array> {
  const all = new TextEncoder().encode(text);
  for (let i = 0; i < all.length; i += size) yield all.subarray(i, i + size);
}

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

const records = (format: 'csv' | 'jsonl', text: string) => collect(importRecords(format, linesOf(bytes(text))));

describe('import lines', () => {
  it('splits a chunked UTF-8 stream into numbered lines, CRLF and BOM dropped', async () => {
    const lines = await collect(linesOf(bytes('\uFEFFsku,title\r\n日本語,β\n\nlast', 2)));
    expect(lines).toEqual([
      { number: 1, text: 'sku,title' },
      { number: 2, text: '日本語,β' },
      { number: 3, text: '' },
      { number: 4, text: 'last' },
    ]);
  });
});

describe('CSV record parser', () => {
  it('reads plain, quoted, empty and escaped-quote fields', () => {
    expect(parseCsvRecord('a,"b,c",,"say ""hi""",')).toEqual({ fields: ['a', 'b,c', '', 'say "hi"', ''] });
    expect(parseCsvRecord('')).toEqual({ fields: [''] });
  });

  it('reports an open quote as incomplete and stray quotes as errors', () => {
    expect(parseCsvRecord('a,"open')).toEqual({ incomplete: true });
    expect(parseCsvRecord('a,"x"y')).toMatchObject({ error: expect.stringMatching(/after a closing quote/) });
    expect(parseCsvRecord('a,b"c')).toMatchObject({ error: expect.stringMatching(/does not start with one/) });
  });

  it('joins lines of a quoted field with a newline and numbers the record by its first line', async () => {
    const lines = linesOf(bytes('h1,h2\n1,"two\nlines"\n\n3,x\n4,"never closed'));
    expect(await collect(csvRecords(lines))).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 5, fields: ['3', 'x'] },
      { line: 6, error: 'a quoted field is not closed before the end of the file' },
    ]);
  });
});

describe('import rows', () => {
  const header = 'sku,title,description,price,currency,category,kind,images,grantsVideoIds,stock,published';

  it('converts CSV rows: | lists, case-insensitive kind, yes/no, empty cells left out', async () => {
    const csv = `${header}\nTEE-1,"Tee, black","A ""soft"" tee",2500,jpy,apparel,physical,a.jpg| b.jpg,,12,yes\nTEE-2,,,,,,,,,,\n`;
    const out = await records('csv', csv);
    expect(out).toEqual<ImportRecord[]>([
      {
        line: 2,
        row: {
          sku: 'TEE-1',
          details: {
            title: 'Tee, black',
            description: 'A "soft" tee',
            price: { amount: 2500, currency: 'JPY' },
            category: 'apparel',
            kind: 'PHYSICAL',
            images: ['a.jpg', 'b.jpg'],
          },
          stock: 12,
          published: true,
        },
      },
      { line: 3, row: { sku: 'TEE-2', details: {} } },
    ]);
  });

  it('reports bad rows with their line number and a message naming the field', async () => {
    const csv = [
      'sku,title,price,currency,kind,stock,published',
      'OK-1,Fine,100,JPY,DIGITAL,,',
      'bad sku!,T,100,JPY,DIGITAL,,',
      'P-1,T,12.50,JPY,DIGITAL,,',
      'P-2,T,100,,DIGITAL,,',
      'P-3,T,100,JPY,BOOK,,',
      'P-4,T,100,JPY,DIGITAL,-1,',
      'P-5,T,100,JPY,DIGITAL,1,maybe',
      'P-6,T,100',
    ].join('\n');
    const out = await records('csv', csv);
    expect(out[0]).toMatchObject({ line: 2, row: { sku: 'OK-1' } });
    const errors = out.slice(1).map((r) => ('error' in r ? `${r.line}: ${r.error}` : `${r.line}: ok`));
    expect(errors).toEqual([
      expect.stringMatching(/^3: sku must be/),
      expect.stringMatching(/^4: price must be a whole number/),
      expect.stringMatching(/^5: price needs a currency/),
      expect.stringMatching(/^6: kind must be PHYSICAL or DIGITAL/),
      expect.stringMatching(/^7: stock must be a whole number from 0/),
      expect.stringMatching(/^8: published must be true or false/),
      '9: expected 7 fields as in the header, found 3',
    ]);
  });

  it('refuses a file whose header is wrong as a whole', async () => {
    await expect(records('csv', 'sku,titel\nA,b\n')).rejects.toMatchObject({ errorType: 'ValidationError', message: expect.stringMatching(/unknown column.*"titel"/) });
    await expect(records('csv', 'title,price\nA,1\n')).rejects.toMatchObject({ message: expect.stringMatching(/sku column/) });
    await expect(records('csv', '\n\n')).rejects.toMatchObject({ message: expect.stringMatching(/empty/) });
  });

  it('reads JSON lines with nested or flat price and reports bad lines', async () => {
    const jsonl = [
      JSON.stringify({ sku: 'J-1', title: 'Film', price: { amount: 900, currency: 'JPY' }, kind: 'DIGITAL', grantsVideoIds: ['v1'], published: true }),
      '',
      JSON.stringify({ sku: 'J-2', price: 5, currency: 'usd', stock: 3 }),
      '{"sku": "J-3",',
      '[1,2]',
      JSON.stringify({ sku: 'J-4', colour: 'red' }),
      JSON.stringify({ sku: 'J-5', title: 7 }),
    ].join('\n');
    const out = await records('jsonl', jsonl);
    expect(out.slice(0, 2)).toEqual([
      {
        line: 1,
        row: { sku: 'J-1', details: { title: 'Film', price: { amount: 900, currency: 'JPY' }, kind: 'DIGITAL', grantsVideoIds: ['v1'] }, published: true },
      },
      { line: 3, row: { sku: 'J-2', details: { price: { amount: 5, currency: 'USD' } }, stock: 3 } },
    ]);
    expect(out.slice(2)).toEqual([
      { line: 4, error: expect.stringMatching(/^not valid JSON/) },
      { line: 5, error: 'each line must be one JSON object' },
      { line: 6, error: expect.stringMatching(/unknown field\(s\) colour/) },
      { line: 7, error: 'title must be text' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CsvReader,
  CsvTokenizer,
  MAX_RECORD_CHARS,
  type CsvFields,
  type CsvRecord,
} from '../../src/ingest/csv.ts';
import { readCsv } from '../../adapters/files/readCsv.ts';
import { withTempDir } from '../helpers/tempDir.ts';

/** Characters that mean something to CSV, mixed with ordinary text and unicode (accents, emoji, CJK). */
const cellText = fc.string({
  unit: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(',', '"', '\r', '\n', '\r\n', ' ', '\uFEFF') },
    { weight: 3, arbitrary: fc.constantFrom('a', 'Z', '0', 'é', 'ß', '漢', '😀', '\t', ';') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 8,
});
const cell = fc.record({ value: cellText, quoted: fc.boolean() });

const table = fc
  .integer({ min: 1, max: 5 })
  .chain((width) =>
    fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }),
  );

const layout = fc.record({
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  finalEol: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 12 }),
});

type Cell = { value: string; quoted: boolean };

/** Writes a table as CSV, quoting every field that needs it (and some that do not). */
function writeCsv(rows: Cell[][], eol: string, bom: boolean, finalEol: boolean): string {
  const needsQuotes = (value: string, width: number) =>
    /[",\r\n]/.test(value) || value.startsWith('\uFEFF') || (value === '' && width === 1);
  const lines = rows.map((row) =>
    row
      .map(({ value, quoted }) =>
        quoted || needsQuotes(value, row.length) ? `"${value.replaceAll('"', '""')}"` : value,
      )
      .join(','),
  );
  return (bom ? '\uFEFF' : '') + lines.join(eol) + (finalEol ? eol : '');
}

function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => (text.length === 0 ? 0 : cut % (text.length + 1))))].sort(
    (a, b) => a - b,
  );
  const chunks: string[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(text.slice(from, point));
    from = point;
  }
  chunks.push(text.slice(from));
  return chunks;
}

function tokenize(chunks: string[]): CsvFields[] {
  const tokenizer = new CsvTokenizer();
  return [...chunks.flatMap((chunk) => tokenizer.push(chunk)), ...tokenizer.end()];
}

function read(chunks: string[]): CsvRecord[] {
  const reader = new CsvReader();
  return [...chunks.flatMap((chunk) => reader.push(chunk)), ...reader.end()];
}

const values = (rows: Cell[][]) => rows.map((row) => row.map((c) => c.value));

/** The line each row starts on: one more than the line breaks (CRLF, CR or LF) written before it. */
function startLines(rows: Cell[][]): number[] {
  let line = 1;
  return rows.map((row) => {
    const start = line;
    line += 1 + row.reduce((breaks, c) => breaks + (c.value.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return start;
  });
}

describe('CsvTokenizer', () => {
  it('reads back any table written with proper quoting, with or without BOM, LF or CRLF, in any chunks', () => {
    fc.assert(
      fc.property(table, layout, (rows, { eol, bom, finalEol, cuts }) => {
        const records = tokenize(split(writeCsv(rows, eol, bom, finalEol), cuts));
        expect(records.map((record) => ('fields' in record ? record.fields : record))).toEqual(values(rows));
        expect(records.map((record) => record.line)).toEqual(startLines(rows));
      }),
      { numRuns: 500 },
    );
  });

  it('numbers each record by the line it starts on, counting line breaks inside quoted fields', () => {
    const records = tokenize(['a,b\r\n"x\r\ny",1\r\n\r\n"p""q",2\n']);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x\r\ny', '1'] },
      { line: 5, fields: ['p"q', '2'] },
    ]);
  });

  it('reports malformed quoting as an error for that line and reads on', () => {
    expect(tokenize(['a,b"c\n"x"y,1\nok,2\n"open'])).toEqual([
      { line: 1, error: 'a quote inside an unquoted field' },
      { line: 2, error: 'text after the closing quote of a field' },
      { line: 3, fields: ['ok', '2'] },
      { line: 4, error: 'a quoted field is not closed at the end of the file' },
    ]);
  });
});

describe('CsvTokenizer bounds', () => {
  it('reads on from the next line after a quote left open to the end of the file', () => {
    const tokenizer = new CsvTokenizer();
    const records = [...tokenizer.push('a,b\n1,2\n3,"4\n5,6\n7,8\n'), ...tokenizer.end()];
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, error: 'a quoted field is not closed at the end of the file' },
      { line: 4, fields: ['5', '6'] },
      { line: 5, fields: ['7', '8'] },
    ]);
  });

  it('makes a line longer than the bound an error for its line, holding none of it, and reads on', () => {
    const tokenizer = new CsvTokenizer();
    const long = `${'x'.repeat(MAX_RECORD_CHARS)},${','.repeat(MAX_RECORD_CHARS)}`;
    const records: CsvFields[] = [];
    for (const chunk of ['a,b\n', long.slice(0, 1000), long.slice(1000), '\nc,d\n']) {
      records.push(...tokenizer.push(chunk));
    }
    records.push(...tokenizer.end());
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: `the record is longer than ${MAX_RECORD_CHARS} characters` },
      { line: 3, fields: ['c', 'd'] },
    ]);
  });
});

describe('CsvReader', () => {
  it('keys every record by the header, whatever the chunking', () => {
    fc.assert(
      fc.property(table, layout, (rows, { eol, bom, finalEol, cuts }) => {
        const [header, ...data] = values(rows) as [string[], ...string[][]];
        const records = read(split(writeCsv(rows, eol, bom, finalEol), cuts));
        expect(records.map((record) => ('values' in record ? record.values : record))).toEqual(
          data.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]]))),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('reports a record with the wrong number of fields for its line, without stopping', () => {
    expect(read(['\uFEFFid,n\n1,2\n3\n4,5,6\n7,8'])).toEqual([
      { line: 2, values: { id: '1', n: '2' } },
      { line: 3, error: 'expected 2 fields, found 1' },
      { line: 4, error: 'expected 2 fields, found 3' },
      { line: 5, values: { id: '7', n: '8' } },
    ]);
  });
});

describe('readCsv', () => {
  it('streams plain and gzip files alike, reporting bad lines in place', async () => {
    await withTempDir(async (dir) => {
      const text = 'id,name\r\n1,"Smith, J"\r\n2\r\n3,"multi\r\nline"\r\n';
      await writeFile(join(dir, 'plain.csv'), text);
      await writeFile(join(dir, 'packed.csv.gz'), gzipSync(Buffer.from(text)));
      for (const file of ['plain.csv', 'packed.csv.gz']) {
        const records: CsvRecord[] = [];
        for await (const record of readCsv(join(dir, file))) records.push(record);
        expect(records).toEqual([
          { line: 2, values: { id: '1', name: 'Smith, J' } },
          { line: 3, error: 'expected 2 fields, found 1' },
          { line: 4, values: { id: '3', name: 'multi\r\nline' } },
        ]);
      }
    });
  });

  it('decodes multi-byte characters split across read chunks', async () => {
    await withTempDir(async (dir) => {
      const name = 'Zoë 漢字 😀'.repeat(20_000);
      await writeFile(join(dir, 'wide.csv'), `name\n${name}\n`);
      const records: CsvRecord[] = [];
      for await (const record of readCsv(join(dir, 'wide.csv'))) records.push(record);
      expect(records).toEqual([{ line: 2, values: { name } }]);
    });
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvReader } from '../../src/ingest/csv.ts';
import type { DeliveryContent, RawRecord } from '../../src/ingest/delivery.ts';
import { FeedConfigSchema } from '../../adapters/connectors/registry.ts';
import type { FeedConfig } from '../../src/ingest/feeds.ts';
import { KeyIndex } from '../../src/ingest/keyIndex.ts';
import { reduceContent, type QuarantinedRow, type Reduction } from '../../src/ingest/reduce.ts';
import { dayOf } from '../../src/ingest/days.ts';
import { countAt, scheduledAt, seenAt } from '../../src/ingest/tally.ts';
import { fileDelivery } from '../../adapters/files/fileDelivery.ts';
import { withTempDir } from '../helpers/tempDir.ts';

const STUDENTS = ['S01', 'S02', 'S03', 'S04', 'Sé5'];
const SOURCES = ['vle', 'library'];
const ACTIVITY: FeedConfig = FeedConfigSchema.parse({
  sourceId: 'vle',
  format: 'activity',
  columns: { student: 'Student Id' },
  sourceValues: { moodle: 'vle', gate: 'library' },
});
const LAST_DAY = dayOf(2026, 12, 31) as number;

async function reduce(content: DeliveryContent, feed = ACTIVITY, sources = SOURCES) {
  const quarantined: QuarantinedRow[] = [];
  const reduction = await reduceContent(content, {
    feed,
    name: 'upload.csv',
    students: new KeyIndex(STUDENTS),
    sources: new KeyIndex(sources),
    lastDay: LAST_DAY,
    quarantine: async (rows) => void quarantined.push(...rows),
  });
  return { reduction, quarantined };
}

/** The CSV text as byte chunks cut at the given points (the fast path must not care where chunks end). */
async function* chunks(text: string, cuts: number[]): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
  yield bytes.subarray(from);
}

/** The same text through the general reader only: records keyed by column, as an API connector hands them. */
async function* records(text: string): AsyncGenerator<RawRecord> {
  const reader = new CsvReader();
  for (const record of [...reader.push(text), ...reader.end()]) {
    const position = { file: 'upload.csv', line: record.line };
    yield 'error' in record ? { position, error: record.error } : { position, values: record.values };
  }
}

/** Every counted (student, week, source) total, for comparing reductions. */
function totals(reduction: Reduction): Record<string, number> {
  const out: Record<string, number> = {};
  for (const column of reduction.tally.allColumns()) {
    STUDENTS.forEach((name, student) => {
      if (seenAt(column, student))
        out[`${name}|${column.week}|${SOURCES[column.source]}`] = countAt(column, student);
    });
  }
  return out;
}

const goodRow = fc.record({
  student: fc.constantFrom(...STUDENTS),
  date: fc.date({
    min: new Date('2026-01-01T00:00:00Z'),
    max: new Date('2026-12-31T23:59:59Z'),
    noInvalidDate: true,
  }),
  dateOnly: fc.boolean(),
  source: fc.constantFrom('moodle', 'gate', 'vle'),
  count: fc.nat({ max: 50 }),
  quoted: fc.boolean(),
});
type GoodRow = typeof goodRow extends fc.Arbitrary<infer T> ? T : never;

/** Garbage that never spans lines and never names an enrolled student (no "S"): cells of junk, some quoted. */
const garbageCell = fc
  .string({ unit: fc.constantFrom('x', '1', '-', ':', 'T', 'Z', ' ', '\uFEFF', 'é', '9', ';', 'moodle') })
  .chain((text) => fc.constantFrom(text, `"${text}"`, `"${text}""q"`, `x${text}"`));
const garbageLine = fc.array(garbageCell, { minLength: 1, maxLength: 6 }).map((cells) => cells.join(','));

function renderGood(row: GoodRow): string {
  const timestamp = row.dateOnly ? row.date.toISOString().slice(0, 10) : row.date.toISOString();
  const cells = [row.student, timestamp, row.source, String(row.count)];
  return (row.quoted ? cells.map((cell) => `"${cell}"`) : cells).join(',');
}

const file = fc.record({
  lines: fc.array(fc.oneof({ weight: 3, arbitrary: goodRow }, { weight: 1, arbitrary: garbageLine }), {
    maxLength: 40,
  }),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  finalEol: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 8 }),
});

describe('reducing a delivery to weekly counts', () => {
  it('counts every good row and quarantines everything else, whatever the garbage, quoting, BOM, CRLF or chunking', async () => {
    await fc.assert(
      fc.asyncProperty(file, async ({ lines, eol, bom, finalEol, cuts }) => {
        const body = lines.map((line) => (typeof line === 'string' ? line : renderGood(line)));
        const text = `${bom ? '\uFEFF' : ''}Student Id,timestamp,source,count${eol}${body.join(eol)}${finalEol ? eol : ''}`;
        const { reduction, quarantined } = await reduce({ kind: 'csv', bytes: chunks(text, cuts) });
        const good = lines.filter((line): line is GoodRow => typeof line !== 'string');
        const nonEmptyGarbage = lines.filter((line) => typeof line === 'string' && line !== '').length;

        expect(reduction.rejected).toBeNull();
        expect(reduction.good).toBe(good.length);
        expect(reduction.quarantined).toBe(nonEmptyGarbage);
        expect(quarantined).toHaveLength(nonEmptyGarbage);
        const counted = Object.values(totals(reduction)).reduce((sum, n) => sum + n, 0);
        expect(counted).toBe(good.reduce((sum, row) => sum + row.count, 0));

        // The byte-level fast path and the general validating path agree on every count and every reason.
        const general = await reduce({ kind: 'records', records: records(text) });
        expect(totals(reduction)).toEqual(totals(general.reduction));
        expect(quarantined.map((q) => [q.line, q.field, q.reason])).toEqual(
          general.quarantined.map((q) => [q.line, q.field, q.reason]),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes, and accounts for every row it read', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (junk, cuts) => {
          const header = Buffer.from('Student Id,timestamp\n');
          const bytes = Buffer.concat([header, Buffer.from(junk)]);
          const { reduction, quarantined } = await reduce({
            kind: 'csv',
            bytes: chunks(bytes.toString('latin1'), cuts),
          });
          expect(reduction.rows).toBe(reduction.good + reduction.quarantined);
          expect(quarantined).toHaveLength(reduction.quarantined);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('quarantines each bad row with its line, the column at fault and the reason', async () => {
    const text = [
      'Student Id,timestamp,source,count',
      'S01,2026-10-05T09:00:00Z,moodle,3',
      'S99,2026-10-05,moodle,1',
      'S02,05/10/2026,moodle,1',
      'S02,2026-10-05,printer,1',
      'S02,2026-10-05,moodle,-1',
      'S02,2027-06-01,moodle,1',
      'S02,2026-10-05',
    ].join('\n');
    const { reduction, quarantined } = await reduce({ kind: 'csv', bytes: chunks(text, []) });
    expect(reduction.good).toBe(1);
    expect(quarantined.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      { line: 3, field: 'Student Id', reason: 'Student Id is not an enrolled student' },
      { line: 4, field: 'timestamp', reason: 'timestamp is not an ISO date or date-time from 2000 to 2099' },
      { line: 5, field: 'source', reason: 'source "printer" is not mapped to an Engage source' },
      { line: 6, field: 'count', reason: 'count is not a whole number from 0 to 999999999' },
      { line: 7, field: 'timestamp', reason: 'timestamp is in the future' },
      { line: 8, field: null, reason: 'expected 4 fields, found 2' },
    ]);
    expect(quarantined[0]?.values).toEqual({
      'Student Id': 'S99',
      timestamp: '2026-10-05',
      source: 'moodle',
      count: '1',
    });
  });

  it('reads old Mac files with CR-only line breaks, however long, line by line', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `S0${(i % 4) + 1},2026-10-05T10:00:00Z,moodle,1`);
    const text = ['Student Id,timestamp,source,count', ...rows, 'S01,someday,moodle,1'].join('\r');
    expect(text.length).toBeGreaterThan(1 << 20);
    const { reduction, quarantined } = await reduce({ kind: 'csv', bytes: chunks(text, [70_000, 900_000]) });
    expect(reduction.good).toBe(40_000);
    expect(quarantined.map((q) => q.line)).toEqual([40_002]);
  });

  it('rejects a delivery whose header lacks a mapped column, naming it', async () => {
    const { reduction } = await reduce({
      kind: 'csv',
      bytes: chunks('student,timestamp\nS01,2026-10-05\n', []),
    });
    expect(reduction.rejected).toContain('"Student Id"');
    expect(reduction.rows).toBe(0);
  });

  it('reads attendance: present and late attend, absent is scheduled, excused is neither; a repeated session is quarantined', async () => {
    const feed = FeedConfigSchema.parse({
      sourceId: 'vle',
      format: 'attendance',
      statusValues: { P: 'present', L: 'late', A: 'absent', E: 'excused' },
    });
    const text = [
      'student,session,start,status',
      'S01,LEC1,2026-10-05T09:00:00Z,P',
      'S01,LEC2,2026-10-06T09:00:00Z,l',
      'S01,LEC3,2026-10-07T09:00:00Z,A',
      'S01,LEC4,2026-10-08T09:00:00Z,Excused',
      'S01,LEC4,2026-10-08T09:00:00Z,P',
      'S02,LEC1,2026-10-05T09:00:00Z,maybe',
    ].join('\r\n');
    const { reduction, quarantined } = await reduce({ kind: 'csv', bytes: chunks(text, [7, 50]) }, feed);
    const [column] = reduction.tally.allColumns();
    expect(column && [countAt(column, 0), scheduledAt(column, 0)]).toEqual([2, 3]);
    expect(quarantined.map((q) => [q.line, q.field])).toEqual([
      [6, 'session'],
      [7, 'status'],
    ]);
  });

  it('streams gzip files with a BOM, CRLF and quoted fields exactly like the plain file', async () => {
    await withTempDir(async (dir) => {
      const text =
        '\uFEFF"Student Id",timestamp,source,count\r\n"S01","2026-10-05T09:00:00Z",moodle,"2"\r\nSé5,2026-10-06,gate,1\r\n';
      await writeFile(join(dir, 'a.csv'), text);
      await writeFile(join(dir, 'a.csv.gz'), gzipSync(Buffer.from(text)));
      const plain = await reduce((await fileDelivery(join(dir, 'a.csv'), 'vle')).content);
      const zipped = await reduce((await fileDelivery(join(dir, 'a.csv.gz'), 'vle')).content);
      expect(plain.reduction.good).toBe(2);
      expect(totals(zipped.reduction)).toEqual(totals(plain.reduction));
    });
  });
});

// The coursework feed: a CSV of student, assessment, due, submitted, mark, marked, imported like every
// feed — good rows become weekly counts, bad rows are quarantined with line, field and reason, the same file
// twice is a duplicate, a corrected file replaces what it covers, and a header without a required column
// is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import type { CourseworkIngestReport } from '../../src/coursework/ingestCoursework.ts';
import { repositories } from '../../src/repositories/index.ts';
import { cliOn, openIngestStore, type IngestStore } from '../ingest/ingestStore.ts';

const HEADER = 'Student,Assessment,Due,Submitted,Mark,Marked';

describe('engage coursework import', () => {
  let ctx: IngestStore;
  beforeEach(async () => {
    ctx = await openIngestStore(3);
    await ctx.release();
  });
  afterEach(async () => ctx.close());

  const { run, file } = cliOn(() => ctx);
  /** The stored counts of a week, by student. */
  const counts = async (week: string) => {
    const store = await openEmbeddedStore({ dataDir: ctx.dataDir });
    try {
      const rows = await repositories(store.db).coursework.weekCounts(week);
      return Object.fromEntries(rows.map(({ studentId, week: _, ...rest }) => [studentId, rest]));
    } finally {
      await store.close();
    }
  };

  it('counts deadlines, on-time and late work and marks by week, quarantining bad rows', async () => {
    const path = await file(
      'coursework.csv',
      [
        HEADER,
        // Due Wednesday 7 October 2026 (2026-W41).
        'S1,TMA1,2026-10-07,2026-10-06,72,2026-10-20',
        'S2,TMA1,2026-10-07,2026-10-09,,',
        'S3,TMA1,2026-10-07,,,',
        'S1,Exam,,2027-01-12,64,',
        'S404,TMA1,2026-10-07,,,',
        'S2,TMA2,2026-10-21,,55,',
        'S3,TMA2,2026-10-21,2026-10-20,120,',
        'S1,TMA1,2026-10-07,2026-10-06,70,',
        'S2,TMA3,2026-13-01,,,',
      ].join('\n'),
    );
    const first = await run('coursework', 'import', path, '--json');
    expect(first.code).toBe(0);
    expect(first.out.parsedJson()).toMatchObject({
      status: 'applied',
      rows: 9,
      saved: 4,
      quarantined: 5,
    } satisfies Partial<CourseworkIngestReport>);
    expect(await counts('2026-W41')).toEqual({
      S1: { due: 1, onTime: 1, late: 0, marked: 0, markSum: 0 },
      S2: { due: 1, onTime: 0, late: 1, marked: 0, markSum: 0 },
      S3: { due: 1, onTime: 0, late: 0, marked: 0, markSum: 0 },
    });
    // The mark counts from the week it was returned; the exam's, without a marking date, from its submission.
    expect(await counts('2026-W43')).toEqual({ S1: { due: 0, onTime: 0, late: 0, marked: 1, markSum: 72 } });
    expect(await counts('2027-W02')).toEqual({ S1: { due: 0, onTime: 0, late: 0, marked: 1, markSum: 64 } });

    const listed = (
      (await run('quarantine', 'list', '--source', 'coursework', '--json')).out.parsedJson() as {
        entries: { id: string; line: number; field: string; reason: string }[];
      }
    ).entries;
    expect(listed.map((row) => [row.line, row.field, row.reason])).toEqual([
      [6, 'student', 'unknown student "S404"'],
      [7, 'mark', 'a mark needs the date the work was submitted'],
      [8, 'mark', 'mark must be a mark from 0 to 100'],
      [9, 'assessment', 'a second row for this student and assessment in the file'],
      [10, 'due', 'due must be a date such as 2026-11-03 (2000 to 2099)'],
    ]);
    const retry = await run('quarantine', 'retry', listed[0]?.id as string);
    expect([retry.out.text(), ...retry.out.stderr].join('\n')).toContain('deliver it again');

    const again = await run('coursework', 'import', path, '--json');
    expect((again.out.parsedJson() as CourseworkIngestReport).status).toBe('duplicate');
  });

  it('lets a corrected file replace the counts it covers, leaving none behind in a week it no longer names', async () => {
    await run(
      'coursework',
      'import',
      await file('a.csv', `${HEADER}\nS1,TMA1,2026-10-07,2026-10-09,60,2026-10-20\n`),
    );
    await run(
      'coursework',
      'import',
      await file('b.csv', `${HEADER}\nS1,TMA1,2026-10-07,2026-10-06,65,2026-10-13\n`),
    );
    expect(await counts('2026-W41')).toEqual({ S1: { due: 1, onTime: 1, late: 0, marked: 0, markSum: 0 } });
    expect(await counts('2026-W42')).toEqual({ S1: { due: 0, onTime: 0, late: 0, marked: 1, markSum: 65 } });
    expect(await counts('2026-W43')).toEqual({});
  });

  it('refuses a file whose header lacks a required column, saving nothing', async () => {
    const rejected = await run(
      'coursework',
      'import',
      await file('c.csv', 'student,submitted\nS1,2026-10-06\n'),
    );
    expect(rejected.code).toBe(1);
    expect(rejected.out.text()).toContain('rejected: the header has no assessment, due column');
    expect(await counts('2026-W41')).toEqual({});
  });
});

// The outcomes feed: a registry's CSV of student, term, outcome and date, imported like every feed —
// good rows land, bad rows are quarantined with line, field and reason, the same file twice is a
// duplicate, a corrected row replaces what it covers, and a header without a required column is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutcomesIngestReport } from '../../src/evaluation/ingestOutcomes.ts';
import { repositories } from '../../src/repositories/index.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { cliOn, openIngestStore, type IngestStore } from '../ingest/ingestStore.ts';

describe('engage outcomes import', () => {
  let ctx: IngestStore;
  beforeEach(async () => {
    ctx = await openIngestStore(3);
    await ctx.release();
  });
  afterEach(async () => ctx.close());

  const { run, file } = cliOn(() => ctx);
  const stored = async () => {
    const store = await openEmbeddedStore({ dataDir: ctx.dataDir });
    try {
      return await repositories(store.db).outcomes.listOutcomes();
    } finally {
      await store.close();
    }
  };

  it('lands the good rows, quarantines the bad ones with line, field and reason, and skips a re-delivery', async () => {
    const path = await file(
      'outcomes.csv',
      [
        'Student,Term,Outcome,Date',
        'S1,2026/27 Autumn,Withdrawn,2026-11-03',
        'S2,2026/27 Autumn,passed,',
        'S3,2026/27 Autumn,graduated,',
        'S404,2026/27 Autumn,failed,',
        'S3,2026/27 Autumn,withdrawn,',
        'S3,2026/27 Autumn,failed,2026-02-30',
      ].join('\n'),
    );
    const first = await run('outcomes', 'import', path, '--json');
    expect(first.code).toBe(0);
    expect(first.out.parsedJson()).toMatchObject({
      status: 'applied',
      rows: 6,
      saved: 2,
      quarantined: 4,
      terms: ['2026/27 Autumn'],
    } satisfies Partial<OutcomesIngestReport>);
    expect(await stored()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ studentId: 'S1', finalResult: 'withdrawn', unregisteredWeek: '2026-W45' }),
        expect.objectContaining({ studentId: 'S2', finalResult: 'passed', unregisteredWeek: null }),
      ]),
    );

    const quarantine = await run('quarantine', 'list', '--source', 'outcomes', '--json');
    const rows = (
      quarantine.out.parsedJson() as { entries: { line: number; field: string; reason: string }[] }
    ).entries;
    expect(rows.map((row) => [row.line, row.field])).toEqual([
      [4, 'outcome'],
      [5, 'student'],
      [6, 'date'],
      [7, 'date'],
    ]);
    expect(rows[0]?.reason).toContain('must be one of withdrawn, failed, passed, interrupted');
    expect(rows[2]?.reason).toBe('a withdrawn outcome needs the date it happened');

    const again = await run('outcomes', 'import', path, '--json');
    expect((again.out.parsedJson() as OutcomesIngestReport).status).toBe('duplicate');
  });

  it('lets a corrected file replace an outcome, and a fixed row be retried from quarantine', async () => {
    await run('outcomes', 'import', await file('a.csv', 'student,term,outcome\nS1,T1,passed\nS2,T1,fail\n'));
    await run(
      'outcomes',
      'import',
      await file('b.csv', 'student,term,outcome,date\nS1,T1,withdrawn,2026-10-20\n'),
    );
    const outcomes = await stored();
    expect(outcomes.filter((outcome) => outcome.studentId === 'S1')).toEqual([
      expect.objectContaining({ term: 'T1', finalResult: 'withdrawn', unregisteredWeek: '2026-W43' }),
    ]);
    // "fail" is not one of the feed's words: quarantined, and a retry says why again instead of saving it.
    const listed = (
      (await run('quarantine', 'list', '--source', 'outcomes', '--json')).out.parsedJson() as {
        entries: { id: string }[];
      }
    ).entries;
    expect(listed).toHaveLength(1);
    const retry = await run('quarantine', 'retry', listed[0]?.id as string);
    expect(retry.out.text()).toContain('outcome must be one of');
  });

  it('saves a quarantined outcome once its student is enrolled and the row is retried', async () => {
    await run('outcomes', 'import', await file('d.csv', 'student,term,outcome\nS9,T1,failed\n'));
    const [entry] = (
      (await run('quarantine', 'list', '--source', 'outcomes', '--json')).out.parsedJson() as {
        entries: { id: string; reason: string }[];
      }
    ).entries;
    expect(entry?.reason).toBe('unknown student "S9"');
    const store = await openEmbeddedStore({ dataDir: ctx.dataDir });
    const repos = repositories(store.db);
    const [template] = await repos.institution.listStudents();
    await repos.institution.saveStudents([
      { ...template!, id: 'S9', name: 'Student Nine', email: 's9@example.ac.uk' },
    ]);
    await store.close();
    expect((await run('quarantine', 'retry', entry?.id as string)).code).toBe(0);
    expect(await stored()).toEqual([
      expect.objectContaining({ studentId: 'S9', term: 'T1', finalResult: 'failed' }),
    ]);
  });

  it('refuses a file whose header lacks a required column, saving nothing', async () => {
    const rejected = await run('outcomes', 'import', await file('c.csv', 'student,result\nS1,passed\n'));
    expect(rejected.code).toBe(1);
    expect(rejected.out.text()).toContain('rejected: the header has no term, outcome column');
    const headerOnly = await run('outcomes', 'import', await file('h.csv', 'Student,Result\n'));
    expect(headerOnly.code).toBe(1);
    expect(headerOnly.out.text()).toContain('rejected: the header has no term, outcome column');
    expect(await stored()).toEqual([]);
  });
});

// The audit-attributes feed (engage attributes import): a CSV of student, term and one column per attribute,
// imported like every feed — good rows land in the audit-only store, bad rows are quarantined with line,
// field and reason (never the attribute values), the same file twice is a duplicate, an empty cell clears
// a value, and a header the feed cannot use is refused with the reason.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import type { AttributesIngestReport } from '../../src/ingest/auditAttributeFeed.ts';
import { auditAttributeRepository } from '../../src/repositories/auditAttributes.ts';
import { cliOn, openIngestStore, type IngestStore } from './ingestStore.ts';

const TERM = '2026/27 Autumn';

describe('engage attributes import', () => {
  let ctx: IngestStore;
  beforeEach(async () => {
    ctx = await openIngestStore(3);
    await ctx.repos.institution.saveCalendar([
      { week: '2026-W40', kind: 'teaching', term: TERM },
      { week: '2026-W41', kind: 'teaching', term: TERM },
    ]);
    await ctx.release();
  });
  afterEach(async () => ctx.close());

  const { run, file } = cliOn(() => ctx);
  const stored = async () => {
    const store = await openEmbeddedStore({ dataDir: ctx.dataDir });
    try {
      const byStudent = await auditAttributeRepository(store.db).forTerm(TERM);
      return Object.fromEntries([...byStudent].map(([id, values]) => [id, Object.fromEntries(values)]));
    } finally {
      await store.close();
    }
  };

  it('lands the good rows, quarantines the bad ones with line, field and reason, and skips a re-delivery', async () => {
    const path = await file(
      'attributes.csv',
      [
        'Student,Term,Gender,Age Band,Disability',
        `S1,${TERM},F,0-35,N`,
        `S2,${TERM},M,35-55,`,
        `S404,${TERM},F,0-35,N`,
        `S3,2019 Spring,F,0-35,N`,
        `S3,${TERM},${'x'.repeat(101)},0-35,Y`,
      ].join('\n'),
    );
    const first = await run('attributes', 'import', path, '--json');
    expect(first.code).toBe(0);
    expect(first.out.parsedJson()).toMatchObject({
      status: 'applied',
      rows: 5,
      saved: 2,
      quarantined: 3,
      attributes: ['gender', 'age_band', 'disability'],
      terms: [TERM],
    } satisfies Partial<AttributesIngestReport>);
    expect(await stored()).toEqual({
      S1: { gender: 'F', age_band: '0-35', disability: 'N' },
      S2: { gender: 'M', age_band: '35-55' },
    });

    const quarantine = await run('quarantine', 'list', '--source', 'audit-attributes', '--json');
    const entries = (
      quarantine.out.parsedJson() as {
        entries: { id: string; line: number; field: string; reason: string }[];
      }
    ).entries;
    expect(entries.map((e) => [e.line, e.field, e.reason]).sort()).toEqual([
      [4, 'student', 'unknown student "S404"'],
      [5, 'term', expect.stringMatching(/^term is not a term in the calendar \(2026\/27 Autumn\)$/)],
      [6, 'gender', 'gender is longer than 100 characters'],
    ]);
    // The quarantine keeps who and which term, never the attribute values.
    const id = entries.find((e) => e.line === 6)?.id as string;
    const shown = await run('quarantine', 'show', id, '--json');
    expect((shown.out.parsedJson() as { values: unknown }).values).toEqual({ student: 'S3', term: TERM });

    const again = await run('attributes', 'import', path, '--json');
    expect(again.out.parsedJson()).toMatchObject({ status: 'duplicate' });
  });

  it('an empty cell in a later file clears the value recorded before; the text report says they are audit-only', async () => {
    await run('attributes', 'import', await file('a.csv', `student,term,gender\nS1,${TERM},F\n`));
    const second = await run(
      'attributes',
      'import',
      await file('b.csv', `student,term,gender\nS1,${TERM},\n`),
    );
    expect(second.code).toBe(0);
    expect(second.out.stdout.join('\n')).toMatch(/audit-only/);
    expect(await stored()).toEqual({});
  });

  it('refuses a header without student and term, or without an attribute column, saying why', async () => {
    const noTerm = await run('attributes', 'import', await file('c.csv', 'student,gender\nS1,F\n'));
    expect(noTerm.code).toBe(1);
    expect(noTerm.out.stdout.join('\n')).toMatch(/rejected: the header has no term column/);
    const nothing = await run('attributes', 'import', await file('d.csv', `student,term\nS1,${TERM}\n`));
    expect(nothing.out.stdout.join('\n')).toMatch(/names no attribute column/);
    const badName = await run(
      'attributes',
      'import',
      await file('e.csv', `student,term,$where\nS1,${TERM},x\n`),
    );
    expect(badName.out.stdout.join('\n')).toMatch(/column "\$where" is not an attribute name/);
    expect(await stored()).toEqual({});
  });
});

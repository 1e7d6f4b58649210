import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveDelivery, ingestDelivery } from '../../src/ingest/ingestDelivery.ts';
import { retryQuarantined } from '../../src/ingest/retryQuarantined.ts';
import { enableSource, disableSource, sourceStatus } from '../../src/ingest/sourceAdmin.ts';
import { sourceInForce } from '../../src/repositories/sources.ts';
import { activityCsv, csvDelivery, openIngestStore, student, type IngestStore } from './ingestStore.ts';

const W41 = '2026-W41';
const W42 = '2026-W42';

describe('ingesting deliveries into weekly counts', () => {
  let ctx: IngestStore;
  beforeEach(async () => {
    ctx = await openIngestStore(4);
  });
  afterEach(async () => ctx.close());

  const counts = async (week: string, sourceId = 'vle') =>
    Object.fromEntries(
      (await ctx.repos.measures.measuresForWeek(week))
        .filter((measure) => measure.sourceId === sourceId)
        .map((measure) => [measure.studentId, measure.count]),
    );
  const ingest = (text: string, options: Parameters<typeof csvDelivery>[2] = {}, sourceId = 'vle') =>
    ingestDelivery(ctx.repos, csvDelivery(sourceId, text, options));

  it('lands good rows as weekly counts, zero for enrolled students without rows, and quarantines the rest', async () => {
    const outcome = await ingest(
      activityCsv([
        ['S1', '2026-10-05T09:00:00Z', 3],
        ['S1', '2026-10-07', 2],
        ['S2', '2026-10-12T10:00:00Z', 1],
        ['S77', '2026-10-06', 5],
      ]) + '\nS3,yesterday,1',
    );
    expect(outcome).toMatchObject({ status: 'applied', rows: 5, good: 3, quarantined: 2, students: 2 });
    expect(outcome.weeks).toEqual([W41, W42]);
    expect(await counts(W41)).toEqual({ S1: 5, S2: 0, S3: 0, S4: 0 });
    expect(await counts(W42)).toEqual({ S1: 0, S2: 1, S3: 0, S4: 0 });
    expect(await counts('2026-W40')).toEqual({});

    const entries = await ctx.repos.quarantine.list({ sourceId: 'vle' }, 10);
    expect(entries.map(({ file, line, field, reason }) => ({ file, line, field, reason }))).toEqual(
      expect.arrayContaining([
        { file: 'upload.csv', line: 5, field: 'UserID', reason: 'UserID is not an enrolled student' },
        {
          file: 'upload.csv',
          line: 6,
          field: 'When',
          reason: 'When is not an ISO date or date-time from 2000 to 2099',
        },
      ]),
    );
  });

  it('skips a re-delivery of the same content, and lets a corrected delivery of the same week replace it', async () => {
    const first = activityCsv([
      ['S1', '2026-10-05', 4],
      ['S2', '2026-10-06', 1],
    ]);
    await ingest(first);
    const again = await ingest(first);
    expect(again.status).toBe('duplicate');
    expect(await counts(W41)).toMatchObject({ S1: 4, S2: 1 });

    await ingest(activityCsv([['S1', '2026-10-05', 6]]));
    expect(await counts(W41)).toEqual({ S1: 6, S2: 0, S3: 0, S4: 0 });
  });

  it('adds increments (xAPI-style statements) once each', async () => {
    const statement = (events: number) => activityCsv([['S3', '2026-10-08T12:00:00Z', events]]);
    await ingest(statement(2), { mode: 'increment' });
    await ingest(statement(5), { mode: 'increment' });
    expect((await ingest(statement(5), { mode: 'increment' })).status).toBe('duplicate');
    expect(await counts(W41)).toEqual({ S3: 7 });

    // Increments come in any size: the volume guard does not hold them.
    await ingest(statement(1), { mode: 'increment' });
    const batch = activityCsv(Array.from({ length: 30 }, () => ['S3', '2026-10-09T12:00:00Z', 1] as const));
    expect((await ingest(batch, { mode: 'increment' })).status).toBe('applied');
    expect(await counts(W41)).toEqual({ S3: 38 });
  });

  it('holds a delivery ten times smaller or larger than usual until an admin approves it', async () => {
    const rows = (n: number, day: string) =>
      activityCsv(
        Array.from(
          { length: n },
          (_, i) => [`S${(i % 4) + 1}`, `${day}T${String(i % 24).padStart(2, '0')}:00:00Z`, 1] as const,
        ),
      );
    for (const day of ['2026-09-14', '2026-09-21', '2026-09-28'])
      expect((await ingest(rows(40, day))).status).toBe('applied');

    const small = await ingest(rows(4, '2026-10-05'));
    expect(small.status).toBe('held');
    expect(small.reason).toContain('ten or more times fewer than the usual 40');
    expect(await counts(W41)).toEqual({});
    expect((await ingest(rows(400, '2026-10-12'))).status).toBe('held');

    const [status] = await sourceStatus(ctx.repos, new Date('2026-10-20T07:00:00Z'), 'vle');
    expect(status?.held.map((held) => held.id)).toEqual(expect.arrayContaining([small.deliveryId]));

    await approveDelivery(ctx.repos, 'vle', small.deliveryId);
    expect(await counts(W41)).toEqual({ S1: 1, S2: 1, S3: 1, S4: 1 });
    expect((await ctx.repos.deliveries.find('vle', small.deliveryId))?.status).toBe('applied');
  });

  it('counts a quarantined row on retry once its student is enrolled, and only once', async () => {
    await ingest(
      activityCsv([
        ['S1', '2026-10-05', 1],
        ['S9', '2026-10-06', 3],
      ]),
    );
    const [entry] = await ctx.repos.quarantine.list({ sourceId: 'vle' }, 10);
    const id = entry?.id as string;
    expect(await retryQuarantined(ctx.repos, id, new Date())).toEqual({
      counted: false,
      field: 'UserID',
      reason: 'UserID is not an enrolled student',
    });

    await ctx.repos.institution.saveStudents([student('S9')]);
    expect(await retryQuarantined(ctx.repos, id, new Date())).toEqual({ counted: true, week: W41 });
    expect((await counts(W41)).S9).toBe(3);
    await expect(retryQuarantined(ctx.repos, id, new Date())).rejects.toThrow('already counted');
    expect(await ctx.repos.quarantine.count({ sourceId: 'vle' })).toBe(0);
  });

  it('reports data quality per week: completeness, validity, timeliness, overall, flagged, freshness', async () => {
    // Week 41 ends Sunday 11 October; a delivery by Tuesday 13 October 24:00 is on time.
    await ingest(
      activityCsv([
        ['S1', '2026-10-05', 1],
        ['S2', '2026-10-06', 1],
        ['S3', '2026-10-06', 1],
        ['S3', '2026-10-07', 1],
      ]),
      { receivedAt: new Date('2026-10-12T06:00:00Z') },
    );
    // Week 42: one of four students, half the rows bad, a week after it was due (Wednesday 21 October).
    await ingest(
      activityCsv([
        ['S1', '2026-10-12', 1],
        ['S5', '2026-10-13', 1],
      ]),
      {
        receivedAt: new Date('2026-10-28T00:00:00Z'),
      },
    );
    const [status] = await sourceStatus(ctx.repos, new Date('2026-10-28T12:00:00Z'), 'vle');
    expect(status?.quality).toEqual([
      {
        week: W42,
        completeness: 0.625,
        population: 0.25,
        deliveries: 1,
        validity: 0.5,
        timeliness: 0,
        overall: 45,
        flagged: true,
      },
      {
        week: W41,
        completeness: 0.875,
        population: 0.75,
        deliveries: 1,
        validity: 1,
        timeliness: 1,
        overall: 95,
        flagged: false,
      },
    ]);
    expect(status?.flagged).toBe(true);
    expect(status?.freshness).toBe('Fresh');
    const [later] = await sourceStatus(ctx.repos, new Date('2026-10-30T01:00:00Z'), 'vle');
    expect(later?.freshness).toBe('Stale (>48hrs)');
  });

  it('enables a source only with its privacy notice (and a DPIA for new kinds), from the next weekly run', async () => {
    const now = new Date('2026-10-14T10:00:00Z'); // in 2026-W42
    await expect(enableSource(ctx.repos, 'registers', { privacyNotice: false, now })).rejects.toThrow(
      '--privacy-notice',
    );
    await expect(enableSource(ctx.repos, 'wifi', { privacyNotice: true, now })).rejects.toThrow('DPIA');

    const { source: wifi } = await enableSource(ctx.repos, 'wifi', {
      privacyNotice: true,
      dpia: 'DPIA-7',
      now,
    });
    expect(wifi).toMatchObject({ enabled: true, enabledFromWeek: W42, dpiaReference: 'DPIA-7' });
    expect(sourceInForce(wifi, W41)).toBe(false);
    expect(sourceInForce(wifi, W42)).toBe(true);

    // Enabling it again weeks later changes nothing: W42's inputs stay as they were scored.
    const again = await enableSource(ctx.repos, 'wifi', {
      privacyNotice: true,
      now: new Date('2026-12-02T10:00:00Z'),
    });
    expect(again).toMatchObject({ changed: false, source: { enabledFromWeek: W42 } });
    expect(
      (await ctx.repos.sources.listSources()).find((source) => source.id === 'wifi')?.enabledFromWeek,
    ).toBe(W42);

    const off = await disableSource(ctx.repos, 'wifi', new Date('2026-10-21T10:00:00Z'));
    expect(sourceInForce(off, W42)).toBe(true);
    expect(sourceInForce(off, '2026-W43')).toBe(false);
  });

  it('asks for a deliberate choice to enable a source whose latest quality is flagged', async () => {
    await ingest(
      activityCsv([
        ['S1', '2026-10-05', 1],
        ['S8', '2026-10-05', 1],
        ['S9', '2026-10-05', 1],
      ]),
    );
    const now = new Date('2026-10-14T10:00:00Z');
    await expect(enableSource(ctx.repos, 'vle', { privacyNotice: true, now })).rejects.toThrow(
      '--accept-low-quality',
    );
    const enabled = await enableSource(ctx.repos, 'vle', {
      privacyNotice: true,
      acceptLowQuality: true,
      now,
    });
    expect(enabled).toMatchObject({ changed: true, source: { enabled: true } });
  });

  it('reduces attendance to sessions attended of scheduled, with no sessions for students without rows', async () => {
    const text = [
      'student,session,start,status',
      'S1,L1,2026-10-05T09:00:00Z,P',
      'S1,L2,2026-10-06T09:00:00Z,A',
      'S2,L1,2026-10-05T09:00:00Z,P',
    ].join('\r\n');
    await ingest(text, {}, 'registers');
    const measures = (await ctx.repos.measures.measuresForWeek(W41)).filter(
      (m) => m.sourceId === 'registers',
    );
    const byStudent = Object.fromEntries(measures.map((m) => [m.studentId, [m.attended, m.scheduled]]));
    expect(byStudent).toEqual({ S1: [1, 2], S2: [1, 1], S3: [0, 0], S4: [0, 0] });
  });
});

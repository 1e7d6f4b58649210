/**
 * Retention: the periods are configuration, refused at start-up when malformed; the purge (a dry run
 * first, then for real, from the CLI and as the nightly job) removes what is past each kind's period from
 * a demo store, quarantined raw rows included, keeps the rest, and stores its report. The same store
 * serves `engage governance summary` first.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { retentionJobHandlers } from '../../adapters/runtime/retentionJob.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { ConfigError, loadEnv } from '../../src/config/env.ts';
import { retentionPeriods } from '../../src/config/retention.ts';
import { addWeeks, isoWeekOf } from '../../src/domain/isoWeek.ts';
import { cutoffOf, planPurge } from '../../src/governance/retention.ts';
import type { PurgeReport } from '../../src/repositories/governance.ts';
import { repositories } from '../../src/repositories/index.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

describe('retention periods in configuration', () => {
  it('reads each period, with defaults, and refuses a malformed one naming the variable', () => {
    const periods = retentionPeriods(loadEnv({ RETENTION_QUARANTINE: '30d', RETENTION_SCORES: '18m' }));
    expect(periods.quarantine).toEqual({ amount: 30, unit: 'd', text: '30d' });
    expect(periods.scores.text).toBe('18m');
    expect(periods.weeklyCounts.text).toBe('3y');
    for (const bad of ['3 years', '0d', '-1y', '200y', 'forever']) {
      let error: unknown;
      try {
        loadEnv({ RETENTION_AUDIT: bad });
      } catch (caught) {
        error = caught;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        `RETENTION_AUDIT: expected a period of at least one day and at most 100 years, such as 90d, 26w, 18m or 3y (got "${bad}")`,
      ]);
    }
  });

  it('cuts off by calendar months and years, and weekly data by whole ISO weeks before the cut-off', () => {
    const now = new Date('2026-03-31T02:30:00Z');
    expect(cutoffOf(now, { amount: 1, unit: 'y', text: '1y' }).toISOString()).toBe(
      '2025-03-31T02:30:00.000Z',
    );
    expect(cutoffOf(now, { amount: 2, unit: 'w', text: '2w' }).toISOString()).toBe(
      '2026-03-17T02:30:00.000Z',
    );
    const plan = planPurge(retentionPeriods(loadEnv({ RETENTION_WEEKLY_COUNTS: '2w' })), now);
    const counts = plan.find((kind) => kind.kind === 'weeklyCounts')!;
    expect(counts.cutoffWeek).toBe('2026-W12');
    expect(counts.filters[0]).toEqual({ collection: 'measureShards', filter: { week: { $lt: '2026-W12' } } });
    const cases = plan.find((kind) => kind.kind === 'cases')!;
    expect(cases.filters[0]!.filter).toMatchObject({ status: 'closed' });
  });
});

describe('engage governance purge and the retention-purge job', () => {
  let dir: string;
  const SHORT = {
    RETENTION_WEEKLY_COUNTS: '4w',
    RETENTION_SCORES: '6w',
    RETENTION_QUARANTINE: '1d',
    RETENTION_AUDIT: '1d',
  };
  const engage = async (env: Record<string, string>, ...args: string[]) => {
    const out = captureOutput();
    const code = await runCli([...args, '--data-dir', dir], out, env);
    return { code, out };
  };
  const withRepos = async <T>(run: (repos: ReturnType<typeof repositories>) => Promise<T>) => {
    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      return await run(repositories(store.db));
    } finally {
      await store.close();
    }
  };
  const weeksOf = (repos: ReturnType<typeof repositories>) => repos.scores.scoredWeeks();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage-retention-'));
    expect((await engage({}, 'demo', '--students', '200', '--weeks', '10', '--seed', '3')).code).toBe(0);
    const old = new Date(Date.now() - 10 * 86_400_000);
    await withRepos(async (repos) => {
      await repos.quarantine.add(
        'vle',
        'e'.repeat(64),
        [
          {
            file: 'vle.csv',
            line: 3,
            field: 'student',
            reason: 'unknown student',
            values: { student: 'S9' },
          },
        ],
        old,
      );
      await repos.audit.record({
        at: old,
        actor: 'STF0001',
        studentId: 'S0000001',
        action: 'view',
        where: 'cli',
      });
    });
  }, 120_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('prints the governance summary with aggregates only and draws its band chart to a PNG', async () => {
    const chart = join(dir, '..', `${dir.split('/').at(-1)}-bands.png`);
    const result = await engage({}, 'governance', 'summary', '--chart', chart);
    expect(result.code).toBe(0);
    const text = result.out.text();
    expect(text).toMatch(/^Governance summary — .* \(\d{4}-W\d{2}\)/);
    expect(text).toMatch(/Data quality — .*\d+% · /);
    expect(text).toContain(`Chart: ${chart}`);
    expect((await readFile(chart)).subarray(1, 4).toString()).toBe('PNG');
    await rm(chart);
    const students = await withRepos((repos) => repos.institution.listStudents());
    for (const student of students) {
      expect(text).not.toContain(student.id);
      expect(text).not.toContain(student.name);
    }
  });

  it('shows in a dry run what would go, deleting nothing, then purges it and stores the report', async () => {
    const before = await withRepos(weeksOf);
    const dry = await engage(SHORT, 'governance', 'purge', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const planned = dry.out.parsedJson() as PurgeReport;
    expect(planned.dryRun).toBe(true);
    const removed = (report: PurgeReport, kind: string, collection: string) =>
      report.kinds.find((k) => k.kind === kind)!.removed[collection];
    expect(removed(planned, 'scores', 'scoreShards')).toBeGreaterThan(0);
    expect(removed(planned, 'quarantine', 'quarantine')).toBe(1);
    expect(removed(planned, 'audit', 'auditLog')).toBe(1);
    expect(await withRepos(weeksOf)).toEqual(before);

    const text = await engage(SHORT, 'governance', 'purge', '--dry-run');
    expect(text.out.text()).toContain('quarantined raw rows');
    expect(text.out.text()).toContain(`Next: npx engage governance purge --data-dir ${dir}`);

    const purged = await engage(SHORT, 'governance', 'purge', '--json');
    const report = purged.out.parsedJson() as PurgeReport;
    expect(report.total).toBe(planned.total);
    await withRepos(async (repos) => {
      const scoreCutoff = report.kinds.find((k) => k.kind === 'scores')!.cutoffWeek;
      const kept = await repos.scores.scoredWeeks();
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.every((week) => week >= scoreCutoff)).toBe(true);
      expect(kept).toEqual(before.filter((week) => week >= scoreCutoff));
      const counts = report.kinds.find((k) => k.kind === 'weeklyCounts')!;
      const countCutoff = counts.cutoffWeek;
      // Four weeks before the purge ran, and weekly data cut at that instant's ISO week.
      expect(Math.abs(new Date(counts.cutoff).getTime() - (Date.now() - 28 * 86_400_000))).toBeLessThan(
        60_000,
      );
      expect(countCutoff).toBe(isoWeekOf(new Date(counts.cutoff)));
      expect(await repos.measures.measuresBetween('2000-W01', addWeeks(countCutoff, -1))).toEqual([]);
      expect(await repos.quarantine.count({ all: true })).toBe(0);
      const [stored] = await repos.governance.purgeReports();
      expect(stored).toMatchObject({ dryRun: false, total: report.total });
    });
    const again = await engage(SHORT, 'governance', 'purge', '--dry-run', '--json');
    expect((again.out.parsedJson() as PurgeReport).total).toBe(0);
  });

  it('runs as the nightly job with the configured periods and stores its report', async () => {
    await withRepos(async (repos) => {
      await repos.audit.record({
        at: new Date(Date.now() - 3 * 86_400_000),
        actor: 'STF0002',
        studentId: 'S0000002',
        action: 'view',
        where: 'cli',
      });
    });
    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      const repos = repositories(store.db);
      const job = retentionJobHandlers({
        repos,
        store,
        periods: retentionPeriods(loadEnv(SHORT)),
        logger: createLogger({ level: 'silent' }),
      })['retention-purge']!;
      await job({});
      const [latest] = await repos.governance.purgeReports();
      expect(latest).toMatchObject({ by: 'job', dryRun: false, total: 1 });
      expect(await repos.audit.forStudent('S0000002')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

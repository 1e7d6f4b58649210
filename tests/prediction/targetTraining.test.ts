/**
 * Both targets through `engage model train` and `engage model report` on the demo's two terms (an earlier
 * term with outcomes, a current one without), and the promotion rule comparing like with like on a
 * re-train (docs/prediction.md, "Targets" and "Promotion rule").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { planDemoInstitution } from '../../src/demo/demoCalendar.ts';
import { seedDemoInstitution } from '../../src/demo/seedSyntheticInstitution.ts';
import { isTermWeek } from '../../src/domain/model.ts';
import { predictAndStoreWeek } from '../../src/prediction/predictWeek.ts';
import { disengagedAt } from '../../src/prediction/targetSets.ts';
import { trainAndStoreModel } from '../../src/prediction/trainModel.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { buildDigestView } from '../../src/chat/views/digestView.ts';
import { defaultTarget } from '../../src/prediction/trainModel.ts';
import { scoredThisWeek } from '../../src/weekly/mondayView.ts';
import { loadSignals } from '../../src/weekly/loadSignals.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

const NOW = new Date('2026-12-06T09:30:00Z');
let dir: string;
const demo = planDemoInstitution({ seed: 3, students: 300, weeks: 12 }, NOW);
const currentWeeks = demo.current.calendar.filter(isTermWeek).map((entry) => entry.week);

async function withRepos<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
  const store = await openEmbeddedStore({ dataDir: dir });
  try {
    await ensureCollections(store.db);
    return await fn(repositories(store.db));
  } finally {
    await store.close();
  }
}

async function cli(args: string[]) {
  const out = captureOutput();
  const code = await runCli([...args, '--data-dir', dir], out, {}, () => NOW);
  return { code, out };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engage-targets-'));
  await withRepos(async (repos) => {
    await seedDemoInstitution(repos, demo);
    for (const term of [demo.earlier, demo.current]) {
      for (const entry of term.calendar.filter(isTermWeek)) await scoreAndStoreWeek(repos, entry.week);
    }
  });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('the two targets', () => {
  it('train defaults to outcome when a term has outcomes, and says so; the document names its target', async () => {
    const { code, out } = await cli(['model', 'train']);
    expect(code).toBe(0);
    expect(out.text()).toContain(
      'Target: outcome — the risk of withdrawing or failing (the default: a term has recorded outcomes',
    );
    expect(out.text()).toMatch(/Trained v1 on 2025\/26 Autumn, term weeks 4-12/);
    await withRepos(async (repos) => {
      expect((await repos.riskModels.find('v1'))?.document.target).toBe('outcome');
      const predictions = await repos.riskModels.predictionsFor(currentWeeks.at(-1)!, 'v1');
      expect(predictions.length).toBeGreaterThan(0);
      expect(predictions.every((p) => p.target === 'outcome')).toBe(true);
    });
  });

  it('a re-train on the same term compares like with like: the active model by its own cross-fitted metrics', async () => {
    await withRepos(async (repos) => {
      const result = await trainAndStoreModel(repos, { now: NOW, by: 'test', target: 'outcome' });
      expect(result.promotionBasis).toBe('stored cross-fitted metrics');
      // The same recipe on the same rows measures the same: promoted, not refused for being out of sample.
      expect(result.model.promotion?.candidateMeanAuc).toBeCloseTo(
        result.model.promotion!.currentMeanAuc!,
        10,
      );
      expect(result.model.document.status).toBe('active');
      expect((await repos.riskModels.active())?.versionId).toBe('v2');
    });
  });

  it('a re-train after the rows changed cross-fits the active model’s recipe instead', async () => {
    await withRepos(async (repos) => {
      const outcomes = await repos.outcomes.listOutcomes();
      const passed = outcomes.find((o) => o.finalResult === 'Pass' && o.term === '2025/26 Autumn')!;
      await repos.outcomes.saveOutcomes([{ ...passed, finalResult: 'Fail' }]);
      const result = await trainAndStoreModel(repos, { now: NOW, by: 'test', target: 'outcome' });
      expect(result.promotionBasis).toBe('cross-fitted recipe');
      expect(result.model.document.status).toBe('active');
    });
  });

  it('--target future-disengagement trains on the latest scored term without outcomes, kept beside the outcome model', async () => {
    const { code, out } = await cli(['model', 'train', '--target', 'future-disengagement']);
    expect(code).toBe(0);
    expect(out.text()).toContain(
      'Target: future-disengagement — the risk of becoming disengaged within four weeks.',
    );
    expect(out.text()).toMatch(/Trained v4 on 2026\/27 Autumn/);
    expect(out.text()).toMatch(/v3 predicts another target \(outcome\).*v4 is kept as a candidate/);
    const list = await cli(['model', 'list']);
    expect(list.out.text()).toMatch(/v4\s+candidate\s+future-disengagement/);
  });

  it('a future-disengagement model never flags a student who is consistently low or low-engagement already', async () => {
    const week = currentWeeks.at(-1)!;
    await withRepos(async (repos) => {
      expect(await repos.riskModels.activate('v4')).toBe(true);
      const summary = await predictAndStoreWeek(repos, week);
      expect(summary.atRisk).toBeGreaterThan(0);
      const already = await disengagedAt(repos, currentWeeks);
      expect(already.size).toBeGreaterThan(0);
      const predictions = await repos.riskModels.predictionsFor(week, 'v4');
      expect(predictions.filter((p) => p.atRisk && already.has(p.studentId))).toEqual([]);
      expect(predictions.every((p) => p.target === 'future-disengagement')).toBe(true);
    });
    const view = await cli(['students', '--list', 'at-risk']);
    expect(view.out.text()).toContain('calibrated probability of becoming disengaged within four weeks');
    const digest = await withRepos(async (repos) => {
      const snapshot = await loadSignals(repos, { week, now: NOW });
      return buildDigestView({
        ...{ groupLabel: 'all', week, asOf: NOW, entries: scoredThisWeek(snapshot), snoozedCount: 0 },
        ...{ page: 1, chart: null, names: { programme: (id: string) => id, staff: (id: string) => id } },
      });
    });
    expect(digest.sections.find((section) => section.key === 'at-risk')?.rule).toBe(
      "the risk model's calibrated probability of becoming disengaged within four weeks is at or above its threshold",
    );
  });

  it('without outcomes anywhere, the default target is future disengagement', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'engage-no-outcomes-'));
    const store = await openEmbeddedStore({ dataDir: empty });
    try {
      await ensureCollections(store.db);
      expect(await defaultTarget(repositories(store.db))).toBe('future-disengagement');
    } finally {
      await store.close();
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('report evaluates either target; outcome needs two terms with outcomes', async () => {
    const disengagement = await cli(['model', 'report', '--target', 'future-disengagement', '--json']);
    expect(disengagement.code).toBe(0);
    const report = disengagement.out.parsedJson() as {
      target: string;
      trainingTerm: string;
      testTerm: string;
      weeks: { termWeek: number; auc: number | null }[];
    };
    expect(report).toMatchObject({
      target: 'future-disengagement',
      trainingTerm: '2025/26 Autumn',
      testTerm: '2026/27 Autumn',
    });
    // Week 12 has no four weeks ahead: not reported.
    expect(report.weeks.map((w) => w.termWeek)).toEqual([4, 6, 8]);
    expect(report.weeks.every((w) => w.auc !== null && w.auc > 0.5)).toBe(true);

    const outcome = await cli(['model', 'report']);
    expect(outcome.code).toBe(2);
    expect(outcome.out.stderr.join('\n')).toContain('two terms with recorded outcomes (found 1)');
    const bad = await cli(['model', 'train', '--target', 'dropout']);
    expect(bad.code).toBe(2);
    expect(bad.out.stderr.join('\n')).toContain(
      '--target takes outcome or future-disengagement (got "dropout")',
    );
  });
});

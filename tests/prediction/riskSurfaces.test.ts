/**
 * Predictive risk end to end on a small synthetic institution (issue 17): `engage model train` stores a
 * versioned, active model; promotion refuses a worse model; the predict step is reproducible and a new model
 * never rewrites another's predictions; the At risk list, the --trajectory filter, the digest, the student
 * card and a rule on trajectory "At Risk" all see the predictions; switching the AI layer off hides them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { runCli } from '../../adapters/cli/main.ts';
import { buildDigestView } from '../../src/chat/views/digestView.ts';
import { studentFacts } from '../../src/chat/views/viewFormat.ts';
import type { StudentCardView } from '../../src/chat/views/viewModel.ts';
import { seedSyntheticInstitution } from '../../src/demo/seedSyntheticInstitution.ts';
import type { IsoWeek } from '../../src/domain/isoWeek.ts';
import { isTermWeek } from '../../src/domain/model.ts';
import { evaluateStore } from '../../src/evaluation/evaluateStore.ts';
import { trainRiskModel } from '../../src/prediction/dataset.ts';
import { parseModelDocument } from '../../src/prediction/modelDocument.ts';
import { predictAndStoreWeek } from '../../src/prediction/predictWeek.ts';
import { shownPredictions } from '../../src/prediction/shownPredictions.ts';
import { trainAndStoreModel } from '../../src/prediction/trainModel.ts';
import { TRAJECTORIES } from '../../src/prediction/trajectory.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { addRule, setRuleEnabled } from '../../src/rules/admin.ts';
import { evaluateRulesForWeek } from '../../src/rules/runWeek.ts';
import { buildList } from '../../src/signals/lists.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { planInstitution } from '../../src/synthetic/index.ts';
import { buildMondayView, scoredThisWeek } from '../../src/weekly/mondayView.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { loadSignals } from '../../src/weekly/loadSignals.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

const META = { at: new Date('2026-01-01T00:00:00Z'), by: 'admin-1', why: 'test' };
const NOW = new Date('2027-06-01T00:00:00Z');

let dir: string;
let termWeeks: IsoWeek[];
let latest: IsoWeek;

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
  const code = await runCli([...args, '--data-dir', dir], out, {});
  return { code, out };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engage-risk-'));
  const institution = planInstitution({ students: 400, weeks: 12, seed: 5 });
  termWeeks = institution.calendar.filter(isTermWeek).map((entry) => entry.week);
  latest = termWeeks.at(-1) as IsoWeek;
  await withRepos(async (repos) => {
    await seedSyntheticInstitution(repos, institution);
    await setRuleEnabled(repos, 'below-300-two-weeks', false, META);
    for (const week of termWeeks) await scoreAndStoreWeek(repos, week);
  });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('predictive risk surfaces', () => {
  it('engage model train stores a versioned document and makes the first model active', async () => {
    const { code, out } = await cli(['model', 'train', '--why', 'first model']);
    expect(code).toBe(0);
    expect(out.text()).toMatch(/Trained v1 on .*term weeks 4-12/);
    expect(out.text()).toMatch(/No model was active: v1 is now active/);
    await withRepos(async (repos) => {
      const v1 = (await repos.riskModels.find('v1'))!;
      const document = parseModelDocument(v1.document);
      expect(document.status).toBe('active');
      expect(document.featureNames).toContain('score_latest');
      expect(document.model.coefficients).toHaveLength(document.featureNames.length);
      expect(document.trainingWindow).toMatchObject({ fromWeek: 4, toWeek: 12 });
      expect(document.metrics.perWeek.map((w) => w.week)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(document.operatingThreshold).toBeGreaterThan(0);
      expect(document.operatingThreshold).toBeLessThan(1);
      expect(v1.promotion).toBeNull();
      // train predicted the latest scored week with the new model.
      expect(await repos.riskModels.versionsPredicting(latest)).toEqual(['v1']);
    });
  });

  it('promotion refuses a worse model: it is kept as a candidate and v1 stays active', async () => {
    await withRepos(async (repos) => {
      // A model whose coefficients point the wrong way ranks students backwards.
      const backwards = (set: Parameters<typeof trainRiskModel>[0]) => {
        const risk = trainRiskModel(set);
        return { ...risk, model: { ...risk.model, coefficients: risk.model.coefficients.map((c) => -c) } };
      };
      const result = await trainAndStoreModel(repos, { now: NOW, by: 'admin-1', train: backwards });
      expect(result.model.versionId).toBe('v2');
      expect(result.model.document.status).toBe('candidate');
      expect(result.model.promotion?.promote).toBe(false);
      expect(result.model.promotion!.candidateMeanAuc!).toBeLessThan(result.model.promotion!.currentMeanAuc!);
      expect((await repos.riskModels.active())?.versionId).toBe('v1');
    });
    const list = await cli(['model', 'list']);
    expect(list.code).toBe(0);
    expect(list.out.text()).toMatch(/v1\s+active/);
    expect(list.out.text()).toMatch(/v2\s+candidate/);
  });

  it('re-running a week with the same model gives the same predictions; a new model never rewrites them', async () => {
    await withRepos(async (repos) => {
      const week = termWeeks[9] as IsoWeek;
      const first = await predictAndStoreWeek(repos, week);
      expect(first.modelVersion).toBe('v1');
      const before = await repos.riskModels.predictionsFor(week, 'v1');
      expect(before.length).toBe(first.predicted);
      await predictAndStoreWeek(repos, week);
      expect(await repos.riskModels.predictionsFor(week, 'v1')).toEqual(before);
      // Re-scoring the week runs the predict step again, with the same result.
      await scoreAndStoreWeek(repos, week);
      expect(await repos.riskModels.predictionsFor(week, 'v1')).toEqual(before);

      const threshold = (await repos.riskModels.find('v1'))!.document.operatingThreshold;
      for (const p of before) {
        expect(p.atRisk).toBe(p.probability >= threshold);
        expect(TRAJECTORIES).toContain(p.trajectory);
        if (p.atRisk) expect(p.trajectory).toBe('At Risk');
        expect(p.reasons.length).toBeLessThanOrEqual(3);
        for (const reason of p.reasons) expect(reason.sentence.length).toBeGreaterThan(10);
      }
      expect(before.some((p) => p.atRisk)).toBe(true);
      // Week 5: fewer than eight scored weeks for everyone.
      await predictAndStoreWeek(repos, termWeeks[4] as IsoWeek);
      const early = await repos.riskModels.predictionsFor(termWeeks[4] as IsoWeek, 'v1');
      expect(new Set(early.map((p) => p.trajectory))).toEqual(new Set(['Insufficient data']));

      // Switching to v2 and predicting again stores v2's predictions beside v1's.
      expect(await repos.riskModels.activate('v2')).toBe(true);
      expect((await predictAndStoreWeek(repos, week)).modelVersion).toBe('v2');
      expect(await repos.riskModels.predictionsFor(week, 'v1')).toEqual(before);
      expect((await repos.riskModels.versionsPredicting(week)).sort()).toEqual(['v1', 'v2']);
      expect([...(await shownPredictions(repos, week)).values()][0]?.modelVersion).toBe('v2');
      expect((await repos.riskModels.find('v1'))!.document.status).toBe('retired');
      expect(await repos.riskModels.activate('v1')).toBe(true);
      expect([...(await shownPredictions(repos, week)).values()][0]?.modelVersion).toBe('v1');
    });
  });

  it('engage score predicts the week it scores with the active model and says how many it flagged', async () => {
    const { code, out } = await cli(['score', '--week', latest, '--skip-rules', '--json']);
    expect(code).toBe(0);
    const [summary] = out.parsedJson() as { prediction: { modelVersion: string; atRisk: number } }[];
    expect(summary!.prediction.modelVersion).toBe('v1');
    expect(summary!.prediction.atRisk).toBeGreaterThan(0);
    const text = await cli(['score', '--week', latest, '--skip-rules']);
    expect(text.out.text()).toMatch(/at risk/);
    expect(text.out.text()).toMatch(/\d+ \(v1\)/);
  });

  it('the At risk list holds the flagged students, highest risk first; --trajectory filters every list', async () => {
    await withRepos(async (repos) => {
      const snapshot = await loadSignals(repos, { week: latest, now: NOW });
      const scored = scoredThisWeek(snapshot);
      const atRisk = buildList(scored, 'at-risk');
      expect(atRisk.length).toBeGreaterThan(0);
      expect(atRisk.every((entry) => entry.trajectory === 'At Risk')).toBe(true);
      expect(atRisk.length).toBe(scored.filter((entry) => entry.trajectory === 'At Risk').length);
      const risks = atRisk.map((entry) => entry.risk!.probability);
      expect(risks).toEqual([...risks].sort((a, b) => b - a));
      const decliningAtRisk = buildList(scored, 'declining', { trajectories: ['At Risk'] });
      const declining = buildList(scored, 'declining');
      expect(decliningAtRisk.length).toBeLessThanOrEqual(declining.length);
      expect(decliningAtRisk.every((entry) => entry.trajectory === 'At Risk')).toBe(true);
    });
    const list = await cli(['students', '--list', 'at-risk']);
    expect(list.code).toBe(0);
    expect(list.out.text()).toMatch(/^At risk \(/);
    expect(list.out.text()).toMatch(/trajectory\s+top reason/);
    expect(list.out.text()).toMatch(/At Risk/);
    const json = (await cli(['students', '--list', 'declining', '--trajectory', 'at risk', '--json'])).out;
    const section = json.parsedJson() as { rows: { trajectory: string }[] };
    for (const row of section.rows) expect(row.trajectory).toBe('At Risk');
    expect((await cli(['students', '--list', 'declining', '--trajectory', 'sideways'])).code).toBe(2);
  });

  it('the digest has a real At risk section beside Consistently low', async () => {
    await withRepos(async (repos) => {
      const snapshot = await loadSignals(repos, { week: latest, now: NOW });
      const view = buildDigestView({
        groupLabel: 'the whole institution',
        week: latest,
        asOf: snapshot.asOf,
        entries: scoredThisWeek(snapshot),
        snoozedCount: 0,
        page: 1,
        chart: null,
        names: { programme: (id) => id, staff: (id) => id },
      });
      expect(view.sections.map((s) => s.title)).toEqual([
        'Declining',
        'At risk',
        'Consistently low',
        'Priority contact',
      ]);
      const atRisk = view.sections[1]!;
      expect(atRisk.more?.action).toEqual({ op: 'showList', list: 'at-risk' });
      for (const row of atRisk.rows) {
        expect(row.trajectory).toBe('At Risk');
        expect(row.topReason).toEqual(expect.any(String));
      }
    });
  });

  it('the student card and engage student show the trajectory and the reasons', async () => {
    const id = await withRepos(async (repos) => {
      const snapshot = await loadSignals(repos, { week: latest, now: NOW });
      return buildList(scoredThisWeek(snapshot), 'at-risk')[0]!.student.id;
    });
    const { code, out } = await cli(['student', id]);
    expect(code).toBe(0);
    expect(out.text()).toMatch(
      /Trajectory: At Risk · (\d+%|>95%|<5%) risk of withdrawing or failing \(model v1\)/,
    );
    expect(out.text()).toMatch(/\n {2}- \S/);
    const facts = studentFacts({
      score: 300,
      band: null,
      trend: null,
      fourWeekChange: null,
      attendancePct: null,
      daysSinceContact: null,
      activeCase: null,
      week: latest,
      prediction: {
        trajectory: 'At Risk',
        risk: 0.62,
        reasons: ['no coursework submission in the last four weeks'],
      },
    } as unknown as StudentCardView);
    expect(facts).toContainEqual({
      title: 'Trajectory',
      value: 'At Risk · 62% risk of withdrawing or failing',
    });
    const disengagement = studentFacts({
      ...{ score: 300, band: null, trend: null, fourWeekChange: null, attendancePct: null },
      ...{ daysSinceContact: null, activeCase: null, week: latest },
      prediction: { trajectory: 'At Risk', risk: 0.4, reasons: [], target: 'future-disengagement' },
    } as unknown as StudentCardView);
    expect(disengagement).toContainEqual({
      title: 'Trajectory',
      value: 'At Risk · 40% risk of becoming disengaged within four weeks',
    });
    expect(facts).toContainEqual({ title: 'Why', value: 'no coursework submission in the last four weeks' });
  });

  it('a rule on trajectory At Risk fires for the flagged students', async () => {
    await withRepos(async (repos) => {
      await addRule(
        repos,
        {
          id: 'predicted-at-risk',
          name: 'Predicted at risk',
          trigger: { kind: 'below', threshold: 1000 },
          conditions: { trajectoryIn: ['At Risk'] },
          actions: [{ kind: 'notify-tutor' }],
        },
        META,
      );
      const summary = await evaluateRulesForWeek(repos, { week: latest, now: NOW });
      const fired = (await repos.ruleState.firingsForWeek(latest)).filter(
        (f) => f.ruleId === 'predicted-at-risk',
      );
      const flagged = [...(await shownPredictions(repos, latest)).values()].filter((p) => p.atRisk);
      expect(fired.length).toBeGreaterThan(0);
      expect(fired.map((f) => f.studentId).sort()).toEqual(flagged.map((p) => p.studentId).sort());
      expect(fired[0]!.reason).toMatch(/trajectory At Risk/);
      expect(summary.rules.find((r) => r.ruleId === 'predicted-at-risk')?.fired).toBe(fired.length);
    });
  });

  it('engage evaluate measures the at-risk list like every other list', async () => {
    await withRepos(async (repos) => {
      const evaluation = await evaluateStore(repos);
      const week = evaluation.terms[0]!.weeks.find((w) => w.week === latest)!;
      expect(week.lists['at-risk']!.flagged).toBeGreaterThan(0);
      expect(week.lists['at-risk']!.precision).not.toBeNull();
    });
  });

  it('switching the AI layer off hides and stops predictions, recorded with who and why', async () => {
    const off = await cli(['model', 'off', '--why', 'paused by the DPO', '--by', 'admin-7']);
    expect(off.code).toBe(0);
    expect(off.out.text()).toMatch(/switched off by admin-7/);
    await withRepos(async (repos) => {
      const snapshot = await loadSignals(repos, { week: latest, now: NOW });
      expect(snapshot.entries.some((entry) => entry.trajectory !== undefined)).toBe(false);
      const view = buildMondayView(snapshot);
      expect(view.sections.map((s) => s.kind)).not.toContain('at-risk');
      expect((await predictAndStoreWeek(repos, latest)).skipped).toBe('switched off');
      expect(await repos.scoringConfig.history()).toEqual([]);
    });
    expect((await cli(['model', 'off', '--why', 'again'])).code).toBe(2);
    expect((await cli(['model', 'on'])).code).toBe(2);
    expect((await cli(['model', 'on', '--why', 'back on'])).code).toBe(0);
    await withRepos(async (repos) => {
      expect((await repos.riskModels.settings()).enabled).toBe(true);
      expect((await shownPredictions(repos, latest)).size).toBeGreaterThan(0);
      const history = await repos.riskModels.settingsHistory();
      expect(history.map((change) => [change.by, change.why, change.changes])).toEqual([
        [expect.stringMatching(/^cli:/), 'back on', [{ field: 'enabled', before: false, after: true }]],
        ['admin-7', 'paused by the DPO', [{ field: 'enabled', before: true, after: false }]],
      ]);
    });
    // A shorter history minimum gives week 5 trajectories other than Insufficient data.
    expect((await cli(['model', 'min-weeks', '4', '--why', 'short terms'])).code).toBe(0);
    await withRepos(async (repos) => {
      const week = termWeeks[4] as IsoWeek;
      await predictAndStoreWeek(repos, week);
      const trajectories = new Set(
        (await repos.riskModels.predictionsFor(week, 'v1')).map((p) => p.trajectory),
      );
      expect(trajectories.has('Insufficient data')).toBe(false);
    });
  });

  it('an active model whose features can no longer be built never stops scoring, and a new model replaces it', async () => {
    await withRepos(async (repos) => {
      const v1 = (await repos.riskModels.find('v1'))!;
      const rename = (names: string[]) =>
        names.map((name) => (name === 'score_latest' ? 'score_latest_v0' : name));
      const { versionId, sequence } = await repos.riskModels.nextVersion();
      await repos.riskModels.save({
        ...v1,
        versionId,
        sequence,
        document: {
          ...v1.document,
          versionId,
          status: 'active',
          featureNames: rename(v1.document.featureNames),
          model: { ...v1.document.model, featureNames: rename(v1.document.model.featureNames) },
        },
      });
      const summary = await scoreAndStoreWeek(repos, latest);
      expect(summary.scored).toBeGreaterThan(0);
      expect(summary.prediction?.skipped).toBe('active model unusable');
      const trained = await trainAndStoreModel(repos, { now: NOW, by: 'admin-1' });
      expect(trained.model.document.status).toBe('active');
      expect(trained.model.promotion).toBeNull();
    });
  });
});

/**
 * The predict step continues from the previous week's saved feature state (issue 17): on a small synthetic
 * institution scored week by week on the real embedded store, each week's feature rows and probabilities
 * are bit for bit those of a full rebuild from the stored weeks; stored predictions are the same whether a
 * week continued or rebuilt; a state is never continued from when an earlier week was re-scored or got late
 * data, when another model made it, or when part of it is missing; and only the states the next weeks can
 * continue from are kept.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore, type EmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { seedSyntheticInstitution } from '../../src/demo/seedSyntheticInstitution.ts';
import type { IsoWeek } from '../../src/domain/isoWeek.ts';
import { isTermWeek } from '../../src/domain/model.ts';
import { predictRisk, trainRiskModel, type RiskModel } from '../../src/prediction/dataset.ts';
import { featuresAtWeek, type CohortWeek } from '../../src/prediction/features.ts';
import { loadWeek } from '../../src/prediction/loadTerm.ts';
import { predictAndStoreWeek, weekRisk } from '../../src/prediction/predictWeek.ts';
import { riskModelOf } from '../../src/prediction/storedModel.ts';
import { trainAndStoreModel } from '../../src/prediction/trainModel.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import type { RiskPrediction } from '../../src/repositories/riskModels.ts';
import { COLLECTIONS, ensureCollections } from '../../src/store/collections.ts';
import { planInstitution } from '../../src/synthetic/index.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';

let dir: string;
let store: EmbeddedStore;
let repos: Repositories;
let termWeeks: IsoWeek[];
let v1: RiskModel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engage-predict-step-'));
  store = await openEmbeddedStore({ dataDir: dir });
  await ensureCollections(store.db);
  repos = repositories(store.db);
  const institution = planInstitution({ students: 300, weeks: 12, seed: 11 });
  termWeeks = institution.calendar.filter(isTermWeek).map((entry) => entry.week);
  await seedSyntheticInstitution(repos, institution);
  for (const week of termWeeks) await scoreAndStoreWeek(repos, week);
  await trainAndStoreModel(repos, { now: new Date('2027-01-04T00:00:00Z'), by: 'test' });
  v1 = riskModelOf((await repos.riskModels.find('v1'))!.document);
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Weeks 1..k read afresh from the store, and week k's rows and risk built from them in one go. */
async function fullRebuild(k: number, risk: RiskModel) {
  const weeks: CohortWeek[] = [];
  for (const week of termWeeks.slice(0, k)) weeks.push(await loadWeek(repos, week, null));
  const ids = (weeks.at(-1) as CohortWeek).studentIds;
  const { rows } = featuresAtWeek(weeks, k, ids, risk.sourceIds);
  const earlier =
    k > 4
      ? new Map(
          (() => {
            const before = weeks[k - 5] as CohortWeek;
            const p = predictRisk(risk, featuresAtWeek(weeks, k - 4, before.studentIds, risk.sourceIds).rows);
            return before.studentIds.map((id, i) => [id, p[i] as number]);
          })(),
        )
      : new Map<string, number>();
  return {
    ids,
    rows,
    probabilities: predictRisk(risk, rows),
    earlier: ids.map((id) => earlier.get(id) ?? NaN),
  };
}

const predictionsOf = async (modelVersion: string) => {
  const byWeek = new Map<IsoWeek, RiskPrediction[]>();
  for (const week of termWeeks) {
    const rows = await repos.riskModels.predictionsFor(week, modelVersion);
    byWeek.set(
      week,
      rows.sort((a, b) => (a.studentId < b.studentId ? -1 : 1)),
    );
  }
  return byWeek;
};

describe('the predict step continues from the previous week', () => {
  let inOrder: Map<IsoWeek, RiskPrediction[]>;

  it('gives each week, continued from the week before, the feature rows and risk of a full rebuild', async () => {
    for (let k = 1; k <= termWeeks.length; k++) {
      const step = await weekRisk(repos, termWeeks.slice(0, k), v1, 'v1');
      expect(step.continued).toBe(k > 1);
      const reference = await fullRebuild(k, v1);
      expect(step.studentIds).toEqual(reference.ids);
      expect(step.rows).toEqual(reference.rows);
      expect([...step.probabilities]).toEqual([...reference.probabilities]);
      expect([...step.earlier]).toEqual(reference.earlier);
      await predictAndStoreWeek(repos, termWeeks[k - 1] as IsoWeek);
    }
    inOrder = await predictionsOf('v1');
    expect([...inOrder.values()].every((rows) => rows.length > 0)).toBe(true);
    // Only the states the next weeks can continue from are kept.
    expect(await repos.featureStates.weeks()).toEqual(termWeeks.slice(-2));
  });

  it('stores the same predictions when every week is rebuilt from the first', async () => {
    await repos.featureStates.keepOnly([]);
    // Latest first: the week before never has a state yet, so each week rebuilds.
    for (const week of [...termWeeks].reverse()) {
      expect(
        (await weekRisk(repos, termWeeks.slice(0, termWeeks.indexOf(week) + 1), v1, 'v1')).continued,
      ).toBe(false);
      await predictAndStoreWeek(repos, week);
    }
    expect(await predictionsOf('v1')).toEqual(inOrder);
  });

  it('never continues from a state taken before an earlier week got late data or was re-scored', async () => {
    await predictAndStoreWeek(repos, termWeeks[9] as IsoWeek);
    await predictAndStoreWeek(repos, termWeeks[10] as IsoWeek);
    expect((await weekRisk(repos, termWeeks, v1, 'v1')).continued).toBe(true);
    const before = await fullRebuild(12, v1);

    // Late data for week 3, not re-scored: a student's VLE count there rises.
    const week3 = termWeeks[2] as IsoWeek;
    const [late] = (await repos.measures.measuresForWeek(week3)).filter((m) => m.sourceId === 'moodle');
    await repos.measures.saveMeasures([{ ...late!, count: late!.count + 500 }]);
    let step = await weekRisk(repos, termWeeks, v1, 'v1');
    expect(step.continued).toBe(false);
    const after = await fullRebuild(12, v1);
    expect(after.rows).not.toEqual(before.rows);
    expect(step.rows).toEqual(after.rows);

    // Re-scoring week 3 (its predict step runs too) makes a week-11 state taken before it stale as well.
    await predictAndStoreWeek(repos, termWeeks[10] as IsoWeek);
    expect((await weekRisk(repos, termWeeks, v1, 'v1')).continued).toBe(true);
    await scoreAndStoreWeek(repos, week3);
    step = await weekRisk(repos, termWeeks, v1, 'v1');
    expect(step.continued).toBe(false);
    expect(step.rows).toEqual((await fullRebuild(12, v1)).rows);
  });

  it('does not continue from a state that another model made, or that a save left incomplete', async () => {
    await predictAndStoreWeek(repos, termWeeks[10] as IsoWeek);
    expect((await weekRisk(repos, termWeeks, v1, 'v1')).continued).toBe(true);

    // Another model: v2, trained with one label in seven flipped.
    await trainAndStoreModel(repos, {
      now: new Date('2027-01-05T00:00:00Z'),
      by: 'test',
      train: (set) =>
        trainRiskModel({ ...set, labels: set.labels.map((label, i) => (i % 7 === 0 ? 1 - label : label)) }),
    });
    expect(await repos.riskModels.activate('v2')).toBe(true);
    const v2 = riskModelOf((await repos.riskModels.find('v2'))!.document);
    const step = await weekRisk(repos, termWeeks, v2, 'v2');
    expect(step.continued).toBe(false);
    expect([...step.probabilities]).toEqual([...(await fullRebuild(12, v2)).probabilities]);
    expect(await repos.riskModels.activate('v1')).toBe(true);

    // A save cut short: one of the state's documents is missing.
    const week11 = termWeeks[10] as IsoWeek;
    expect(await repos.featureStates.load(week11)).not.toBeNull();
    await store.db.collection(COLLECTIONS.featureStates.name).deleteOne({ week: week11 });
    expect(await repos.featureStates.load(week11)).toBeNull();
    const rebuilt = await weekRisk(repos, termWeeks, v1, 'v1');
    expect(rebuilt.continued).toBe(false);
    expect(rebuilt.rows).toEqual((await fullRebuild(12, v1)).rows);
  });
});

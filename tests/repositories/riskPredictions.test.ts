// Stored predictions on the real embedded store (issue 17): a week's predictions are packed per student
// shard and read back as they were saved (probability bit for bit, At Risk, trajectory, zero to three
// reasons in order), also after reopening the store; one student's come from their own shard; re-saving a
// week replaces it; predictions stored as objects before packing are still read.
import { describe, expect, it } from 'vitest';
import { openEmbeddedStore, type EmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import type { RiskPrediction } from '../../src/repositories/riskModels.ts';
import { shardOf } from '../../src/repositories/studentShards.ts';
import { COLLECTIONS, ensureCollections } from '../../src/store/collections.ts';
import { withTempDir } from '../helpers/tempDir.ts';

async function open(dir: string): Promise<{ store: EmbeddedStore; repos: Repositories }> {
  const store = await openEmbeddedStore({ dataDir: dir });
  await ensureCollections(store.db);
  return { store, repos: repositories(store.db) };
}

const WEEK = '2026-W40';
const TRAJECTORIES = ['Insufficient data', 'At Risk', 'Declining', 'Rising', 'Stable'];

/** 300 students: every trajectory, 0 to 3 reasons (many sentences shared), awkward probabilities. */
function predictions(): Omit<RiskPrediction, 'week' | 'modelVersion'>[] {
  return Array.from({ length: 300 }, (_, i) => ({
    studentId: `student-${i}`,
    probability: i === 0 ? 0 : i === 1 ? 1 : (i * Math.PI) % 1,
    atRisk: i % 3 === 0,
    trajectory: TRAJECTORIES[i % TRAJECTORIES.length] as string,
    reasons: Array.from({ length: i % 4 }, (_, r) => ({
      feature: r === 0 ? 'score_latest' : `cumulative_count_log1p:source-${(i + r) % 5}`,
      sentence: `activity fell to ${(i % 7) + 1}0% of earlier weeks (${r + 1})`,
    })),
  }));
}

const byStudent = (rows: readonly RiskPrediction[]) =>
  [...rows].sort((a, b) => a.studentId.localeCompare(b.studentId));

describe('stored predictions', () => {
  it('reads a week back as saved, per model and per student, also after reopening the store', async () => {
    await withTempDir(async (dir) => {
      const saved = predictions();
      const expected = byStudent(saved.map((row) => ({ ...row, week: WEEK, modelVersion: 'v1' })));
      let { store, repos } = await open(dir);
      await repos.riskModels.savePredictions(WEEK, 'v1', saved);
      await repos.riskModels.savePredictions(WEEK, 'v2', saved.slice(0, 10));
      expect(byStudent(await repos.riskModels.predictionsFor(WEEK, 'v1'))).toEqual(expected);
      await store.close();
      ({ store, repos } = await open(dir));
      try {
        expect(byStudent(await repos.riskModels.predictionsFor(WEEK, 'v1'))).toEqual(expected);
        expect((await repos.riskModels.versionsPredicting(WEEK)).sort()).toEqual(['v1', 'v2']);
        const mine = await repos.riskModels.predictionsOfStudent('student-7');
        expect(mine.sort((a, b) => a.modelVersion.localeCompare(b.modelVersion))).toEqual([
          { ...saved[7], week: WEEK, modelVersion: 'v1' },
          { ...saved[7], week: WEEK, modelVersion: 'v2' },
        ]);
        expect(await repos.riskModels.predictionsOfStudent('nobody')).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });

  it('keeps each sentence as written, and a re-saved week replaces the one before', async () => {
    await withTempDir(async (dir) => {
      const { store, repos } = await open(dir);
      try {
        const row = {
          studentId: 's1',
          probability: 0.5,
          atRisk: false,
          trajectory: 'Stable',
          reasons: [{ feature: 'score_latest', sentence: 'first line\n  second line' }],
        };
        await repos.riskModels.savePredictions(WEEK, 'v1', predictions());
        await repos.riskModels.savePredictions(WEEK, 'v1', [row]);
        expect(await repos.riskModels.predictionsFor(WEEK, 'v1')).toEqual([
          {
            ...row,
            week: WEEK,
            modelVersion: 'v1',
          },
        ]);
      } finally {
        await store.close();
      }
    });
  });

  it('still reads predictions a store kept as objects before they were packed', async () => {
    await withTempDir(async (dir) => {
      const { store, repos } = await open(dir);
      try {
        const row = {
          studentId: 's1',
          probability: 0.25,
          atRisk: true,
          trajectory: 'At Risk',
          reasons: [{ feature: 'score_latest', sentence: 'this week’s score is 281' }],
        };
        await store.db
          .collection(COLLECTIONS.riskPredictions.name)
          .insertOne({ week: WEEK, modelVersion: 'v1', shard: shardOf('s1'), predictions: [row] });
        const expected = [{ ...row, week: WEEK, modelVersion: 'v1' }];
        expect(await repos.riskModels.predictionsFor(WEEK, 'v1')).toEqual(expected);
        expect(await repos.riskModels.predictionsOfStudent('s1')).toEqual(expected);
      } finally {
        await store.close();
      }
    });
  });
});

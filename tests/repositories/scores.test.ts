// The scores repository on the real embedded store: a week's scores read back exactly as the engine gave
// them (shared causes, merged groups and imputed sources included), also after reopening the store; each
// student's history and latest score with its peer group come from their own shard.
import { describe, expect, it } from 'vitest';
import { openEmbeddedStore, type EmbeddedStore } from '../../adapters/store/embedded/index.ts';
import type { WeeklyScore } from '../../src/domain/model.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { DEFAULT_SCORING_CONFIG } from '../../src/scoring/config.ts';
import { explainScore } from '../../src/scoring/explain.ts';
import { recentLevelsOfResult } from '../../src/scoring/recentLevels.ts';
import { scoreWeek } from '../../src/scoring/scoreWeek.ts';
import type { WeekScoreResult } from '../../src/scoring/types.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { measuresForWeek, planInstitution } from '../../src/synthetic/index.ts';
import { scoreSyntheticTerm } from '../helpers/scoreSynthetic.ts';
import { withTempDir } from '../helpers/tempDir.ts';

async function open(dir: string): Promise<{ store: EmbeddedStore; repos: Repositories }> {
  const store = await openEmbeddedStore({ dataDir: dir });
  await ensureCollections(store.db);
  return { store, repos: repositories(store.db) };
}

const byStudent = <T extends { studentId: string }>(rows: T[]) =>
  [...rows].sort((a, b) => a.studentId.localeCompare(b.studentId));

const stored = (scores: WeeklyScore[], configVersion: number) =>
  byStudent(scores.map((score) => ({ ...score, configVersion })));

describe('the scores repository', () => {
  const institution = planInstitution({ students: 400, weeks: 8, seed: 11 });
  const term = scoreSyntheticTerm(institution);

  it('reads every week back exactly as scored, also after reopening the store', async () => {
    expect(term.results.some((result) => result.sharedCauses.length > 0)).toBe(true);
    expect(term.results.some((result) => result.scores.some((score) => score.merged))).toBe(true);
    await withTempDir(async (dir) => {
      let { store, repos } = await open(dir);
      for (const result of term.results) await repos.scores.saveWeek(result, 3);
      const check = async () => {
        for (const result of term.results) {
          expect(byStudent(await repos.scores.scoresForWeek(result.week))).toEqual(stored(result.scores, 3));
        }
      };
      await check();
      await store.close();
      ({ store, repos } = await open(dir));
      await check();
      expect(await repos.scores.scoresForWeek('2030-W01')).toEqual([]);
      await store.close();
    });
  });

  it('keeps which sources were carried forward', async () => {
    const [previousWeek, week] = term.termWeeks.slice(2, 4) as [string, string];
    const measures = measuresForWeek(institution, week);
    const result = scoreWeek({
      week,
      students: institution.students,
      sources: institution.sources,
      measures: measures.filter((_, i) => i % 9 !== 0),
      previousMeasures: measuresForWeek(institution, previousWeek),
      config: { ...DEFAULT_SCORING_CONFIG, method: 'weekly-rank', missingData: 'impute' },
    });
    expect(result.scores.some((score) => score.sourcesImputed.length > 0)).toBe(true);
    await withTempDir(async (dir) => {
      const { store, repos } = await open(dir);
      await repos.scores.saveWeek(result, 0);
      expect(byStudent(await repos.scores.scoresForWeek(week))).toEqual(stored(result.scores, 0));
      // Method weekly-rank stores no levels: a recent-log week after it starts its levels afresh.
      expect(await repos.scores.recentLevelsOf(week)).toBeNull();
      await store.close();
    });
  });

  it('stores the method and the recent levels a week hands on, and reads them back for the next week', async () => {
    const [first, second] = term.results as [WeekScoreResult, WeekScoreResult];
    expect(first.method).toBe('recent-log');
    await withTempDir(async (dir) => {
      const { store, repos } = await open(dir);
      await repos.scores.saveWeek(first, 0);
      await repos.scores.saveWeek(second, 0);
      expect((await repos.scores.scoresForWeek(second.week)).every((s) => s.method === 'recent-log')).toBe(
        true,
      );
      expect(await repos.scores.recentLevelsOf('2001-W01')).toBeNull();
      const levels = await repos.scores.recentLevelsOf(first.week);
      const expected = recentLevelsOfResult(first);
      const at = new Map(levels?.studentIds.map((id, i) => [id, i]));
      const width = expected.sourceIds.length;
      expect(levels?.sourceIds).toEqual(expected.sourceIds);
      expected.studentIds.forEach((id, i) => {
        const row = at.get(id) as number;
        for (let s = 0; s < width; s++) {
          expect(levels?.levels[row * width + s]).toEqual(expected.levels[i * width + s]);
          expect(levels?.weights[row * width + s]).toEqual(expected.weights[i * width + s]);
        }
      });
      await store.close();
    });
  });

  it("gives a student's history, every student's recent histories, and the latest score with its peer group", async () => {
    await withTempDir(async (dir) => {
      const { store, repos } = await open(dir);
      for (const result of term.results) await repos.scores.saveWeek(result, 0);
      const last = term.results.at(-1)!;
      const studentId = last.scores[17]!.studentId;
      const own = term.results.flatMap((result) => result.scores.filter((s) => s.studentId === studentId));
      const point = (score: WeeklyScore) => ({
        studentId: score.studentId,
        week: score.week,
        score: score.score,
        attendancePct: score.attendancePct,
        activity: score.activity,
        activityPercentile: score.activityPercentile,
        sharedCause: score.sharedCause,
      });
      expect(await repos.scores.historyFor(studentId)).toEqual(own.map(point));

      const recent = term.results.slice(-3);
      const histories = await repos.scores.historiesBetween(recent[0]!.week, last.week);
      expect(histories.get(studentId)).toEqual(own.slice(-3).map(point));
      expect([...histories.values()].reduce((sum, list) => sum + list.length, 0)).toBe(
        recent.reduce((sum, result) => sum + result.scores.length, 0),
      );

      const latest = await repos.scores.latestWithPeerGroup(studentId);
      expect(latest?.score).toEqual({ ...own.at(-1)!, configVersion: 0 });
      expect(latest?.group.peerGroup).toBe(own.at(-1)!.peerGroup);
      const explanation = explainScore(latest!.score, latest!.group);
      const total = explanation.sources.reduce((sum, source) => sum + source.contribution, 0);
      expect(total).toBeCloseTo(latest!.score.composite, 9);
      expect(await repos.scores.latestWithPeerGroup('nobody')).toBeNull();

      // A week's peer groups, with their shared causes, for the feed-health checks.
      const groups = await repos.scores.peerGroupsOfWeek(last.week);
      expect(groups.map((group) => [group.peerGroup, group.compositeSd, group.sharedCause])).toEqual(
        [...last.peerGroups]
          .sort((a, b) => (a.peerGroup < b.peerGroup ? -1 : 1))
          .map((group) => [group.peerGroup, group.compositeSd, group.sharedCause]),
      );
      expect(await repos.scores.peerGroupsOfWeek('2030-W01')).toEqual([]);
      await store.close();
    });
  });
});

// Method recent-log (the default): recent levels, log-scale normal scores, carried sources and data gaps.
import { describe, expect, it } from 'vitest';
import { logStandardise } from '../../src/scoring/logScores.ts';
import { recentLevelsOfResult } from '../../src/scoring/recentLevels.ts';
import type { WeekScoreResult } from '../../src/scoring/types.ts';
import { scoreWeek } from '../../src/scoring/scoreWeek.ts';
import { scoreWeeksInOrder } from '../../src/scoring/scoreWeeksInOrder.ts';
import type { WeeklyMeasure } from '../../src/domain/model.ts';
import { attendance, cohort, config, count, source } from './fixtures.ts';

const att = source('att', 'attendance');
const vle = source('vle', 'vle');

describe('log-scale normal scores', () => {
  it('standardises log(1 + v): values e⁰−1, e¹−1, e²−1 give z −√1.5, 0, +√1.5 and the raw median', () => {
    // logs 0, 1, 2: mean 1, population sd √(2/3), so z = ∓1/√(2/3) = ∓√1.5 ≈ ∓1.2247.
    const values = Float64Array.from([0, Math.E - 1, Math.E ** 2 - 1]);
    const out = new Float64Array(3);
    const median = logStandardise(values, 3, out, new Float64Array(6));
    expect(out[0]).toBeCloseTo(-Math.sqrt(1.5), 12);
    expect(out[1]).toBeCloseTo(0, 12);
    expect(out[2]).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(median).toBeCloseTo(Math.E - 1, 12);
  });
});

describe('method recent-log', () => {
  const students = cohort('s', 20);

  it('puts a student with no activity at the bottom when most peers have some, however many share a quiet week', () => {
    // Week 1: s0–s2 do nothing, the rest 1–17 clicks. Week 2, a sparse week: s0–s2 still nothing, and
    // s3–s8 are quiet too (9 of 20 at zero). Mid-ranks of the week would tie all nine at the 22nd
    // percentile; recent levels keep the quiet-this-week students above zero, so the three who have done
    // nothing for two weeks are alone at the bottom, below the attention line.
    const clicks = (i: number) => (i < 3 ? 0 : i - 2);
    const first = scoreWeek({
      week: '2026-W40',
      students,
      sources: [vle],
      measures: students.map((s, i) => count(s.id, 'vle', clicks(i))),
      config: config(),
    });
    const second = scoreWeek({
      week: '2026-W41',
      students,
      sources: [vle],
      measures: students.map((s, i) => count(s.id, 'vle', i < 9 ? 0 : clicks(i), '2026-W41')),
      recent: recentLevelsOfResult(first),
      config: config(),
    }).scores;
    const byId = new Map(second.map((score) => [score.studentId, score.score]));
    const inactive = ['s0', 's1', 's2'].map((id) => byId.get(id) as number);
    const quietThisWeek = ['s3', 's4', 's5', 's6', 's7', 's8'].map((id) => byId.get(id) as number);
    for (const score of inactive) expect(score).toBeLessThan(350);
    expect(Math.max(...inactive)).toBeLessThan(Math.min(...quietThisWeek));
    expect(second.every((score) => score.method === 'recent-log')).toBe(true);
    const mean = second.reduce((sum, score) => sum + score.score, 0) / second.length;
    expect(Math.abs(mean - 500)).toBeLessThan(1);
  });

  it('continues each level from the previous week: weight 1 + d·w, level (v + d·w·L) / (1 + d·w)', () => {
    const week1 = scoreWeek({
      week: '2026-W40',
      students,
      sources: [vle],
      measures: students.map((s) => count(s.id, 'vle', 10)),
      config: config({ recentHalfLifeWeeks: 1 }),
    });
    const week2 = scoreWeek({
      week: '2026-W41',
      students,
      sources: [vle],
      measures: students.map((s) => count(s.id, 'vle', 4, '2026-W41')),
      recent: recentLevelsOfResult(week1),
      config: config({ recentHalfLifeWeeks: 1 }),
    });
    // Half-life 1: d = 0.5. Weight 1 + 0.5·1 = 1.5; level (4 + 0.5·1·10) / 1.5 = 6.
    expect(week2.scores[0]?.breakdown.measures[0]).toBeCloseTo(6, 12);
    expect(week2.scores[0]?.breakdown.recentWeights?.[0]).toBeCloseTo(1.5, 12);
  });

  it('carries a source missing for everyone this week: nobody moves, and it says missing this week', () => {
    const weekOne: WeeklyMeasure[] = students.flatMap((s, i) => [
      attendance(s.id, 'att', i % 4, 4),
      count(s.id, 'vle', (i * 7) % 13),
    ]);
    const first = scoreWeek({
      week: '2026-W40',
      students,
      sources: [att, vle],
      measures: weekOne,
      config: config(),
    });
    // The registers did not arrive: only VLE this week, the same clicks as before.
    const second = scoreWeek({
      week: '2026-W41',
      students,
      sources: [att, vle],
      measures: students.map((s, i) => count(s.id, 'vle', (i * 7) % 13, '2026-W41')),
      recent: recentLevelsOfResult(first),
      config: config(),
    });
    const before = new Map(first.scores.map((score) => [score.studentId, score.score]));
    for (const score of second.scores) {
      expect(score.score).toBe(before.get(score.studentId));
      expect(score.sourcesMissing).toEqual(['att']);
    }
  });

  it('treats a feed that delivered zeros for everyone as a data gap, not as everyone disengaging', () => {
    const measures = (week: string, clicks: (i: number) => number) =>
      students.flatMap((s, i) => [
        attendance(s.id, 'att', i % 4, 4, week),
        count(s.id, 'vle', clicks(i), week),
      ]);
    const results = scoreWeeksInOrder(
      ['2026-W39', '2026-W40', '2026-W41'].map((week, w) => ({
        week,
        students,
        sources: [att, vle],
        measures: measures(week, (i) => (w === 2 ? 0 : 3 + (i % 5))),
        config: config(),
      })),
    );
    const [, before, dead] = results as [WeekScoreResult, WeekScoreResult, WeekScoreResult];
    expect(dead.dataGaps).toEqual(['vle']);
    expect(dead.sourceActiveShares.vle).toBe(0);
    const earlier = new Map(before.scores.map((score) => [score.studentId, score.score]));
    for (const score of dead.scores) {
      expect(score.sourcesMissing).toEqual(['vle']);
      expect(score.score).toBe(earlier.get(score.studentId));
    }
  });

  it('never calls a source that is quiet by nature most weeks a data gap (submissions between deadlines)', () => {
    const sub = source('sub', 'other');
    const results = scoreWeeksInOrder(
      ['2026-W39', '2026-W40', '2026-W41', '2026-W42'].map((week, w) => ({
        week,
        students,
        sources: [vle, sub],
        // A deadline in the first week only: nearly everyone submits then, nobody after.
        measures: students.flatMap((s, i) => [
          count(s.id, 'vle', 2 + (i % 7), week),
          count(s.id, 'sub', w === 0 && i % 10 !== 0 ? 1 : 0, week),
        ]),
        config: config(),
      })),
    );
    expect(results.flatMap((result) => result.dataGaps)).toEqual([]);
  });

  it('does not score a student with no data of their own this week, whatever levels they carry', () => {
    const first = scoreWeek({
      week: '2026-W40',
      students,
      sources: [vle],
      measures: students.map((s, i) => count(s.id, 'vle', i)),
      config: config(),
    });
    const second = scoreWeek({
      week: '2026-W41',
      students,
      sources: [vle],
      measures: students.slice(1).map((s, i) => count(s.id, 'vle', i + 3, '2026-W41')),
      recent: recentLevelsOfResult(first),
      config: config(),
    });
    expect(second.scores.map((score) => score.studentId)).not.toContain('s0');
    expect(second.unscored).toEqual([
      { studentId: 's0', week: '2026-W41', reason: 'no-data', sourcesMissing: ['vle'] },
    ]);
  });
});

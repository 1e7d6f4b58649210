import { describe, expect, it } from 'vitest';
import { scoreWeek } from '../../src/scoring/scoreWeek.ts';
import { effectiveWeights } from '../../src/scoring/weights.ts';
import { WEEK, attendance, cohort, config, count, source } from './fixtures.ts';

const students = cohort('s', 10);
const att = source('att', 'attendance');
const vle = source('vle', 'vle');

describe('scoreWeek examples', () => {
  it('shares a category weight among its sources in force (attendance 40, vle 30, library 20, other 10)', () => {
    const sources = [att, vle, source('canvas', 'vle'), source('lib', 'library')];
    expect(effectiveWeights(sources, config())).toEqual([40, 15, 15, 20]);
    expect(effectiveWeights(sources, config({ sourceWeights: { vle: 2 } }))).toEqual([40, 20, 10, 20]);
  });

  it('scores everyone 500 when the group cannot be told apart (sd 0 → z 0)', () => {
    const measures = students.map((s) => count(s.id, 'vle', 4));
    const result = scoreWeek({ week: WEEK, students, sources: [vle], measures, config: config() });
    expect(result.scores.map((s) => s.score)).toEqual(Array(10).fill(500));
    expect(result.peerGroups[0]?.compositeSd).toBe(0);
  });

  it('orders scores like the measures and reports band, attendance % and activity', () => {
    const measures = students.flatMap((s, i) => [attendance(s.id, 'att', i % 5, 4), count(s.id, 'vle', i)]);
    const result = scoreWeek({ week: WEEK, students, sources: [att, vle], measures, config: config() });
    const byId = new Map(result.scores.map((s) => [s.studentId, s]));
    expect(byId.get('s9')?.score).toBeGreaterThan(byId.get('s0')?.score as number);
    expect(byId.get('s3')?.attendancePct).toBe(75);
    expect(byId.get('s3')?.activity).toBe(3 + 3);
    for (const s of result.scores) expect(s.band).toBe(Math.min(4, Math.floor(s.score / 200)));
  });

  it('treats attendance with no sessions scheduled as missing, not as zero attendance', () => {
    const measures = students.flatMap((s, i) => [
      attendance(s.id, 'att', 1, i === 0 ? 0 : 2),
      count(s.id, 'vle', i),
    ]);
    const first = scoreWeek({ week: WEEK, students, sources: [att, vle], measures, config: config() })
      .scores[0];
    expect(first?.attendancePct).toBeNull();
    expect(first?.sourcesMissing).toEqual(['att']);
    expect(first?.coverage).toBeCloseTo(30 / 70, 12);
  });

  it('clamps to 0..1000 with a large scale factor', () => {
    const measures = students.map((s, i) => count(s.id, 'vle', i === 0 ? 0 : 10));
    const scores = scoreWeek({
      week: WEEK,
      students,
      sources: [vle],
      measures,
      config: config({ scale: 400 }),
    }).scores;
    expect(scores[0]?.score).toBe(0);
    expect(scores[0]?.z).toBeLessThan(-2.5);
  });

  it('imputes from the latest earlier week, never from this week or later', () => {
    const measures = students.slice(1).map((s, i) => count(s.id, 'vle', i));
    const previousMeasures = [
      count('s0', 'vle', 1, '2026-W37'),
      count('s0', 'vle', 7, '2026-W39'),
      count('s0', 'vle', 3, '2026-W38'),
      count('s0', 'vle', 99, '2026-W41'),
    ];
    const result = scoreWeek({
      week: WEEK,
      students,
      sources: [vle],
      measures,
      previousMeasures,
      config: config({ method: 'weekly-rank', missingData: 'impute' }),
    });
    const first = result.scores.find((s) => s.studentId === 's0');
    expect(first?.breakdown.measures).toEqual([7]);
    expect(first?.sourcesImputed).toEqual(['vle']);
    expect(first?.activity).toBe(0);
  });

  it('ignores previous measures in exclude mode and reports students with nothing as unscored', () => {
    const measures = students.slice(1).map((s, i) => count(s.id, 'vle', i));
    const result = scoreWeek({
      week: WEEK,
      students,
      sources: [vle],
      measures,
      previousMeasures: [count('s0', 'vle', 7, '2026-W39')],
      config: config(),
    });
    expect(result.scores.some((s) => s.studentId === 's0')).toBe(false);
    expect(result.unscored).toEqual([
      { studentId: 's0', week: WEEK, reason: 'no-data', sourcesMissing: ['vle'] },
    ]);
  });

  it('leaves out sources whose effective weight is zero', () => {
    const measures = students.flatMap((s, i) => [count(s.id, 'vle', i), count(s.id, 'lib', 10 - i)]);
    const cfg = config({ categoryWeights: { attendance: 40, vle: 30, library: 0, other: 10 } });
    const result = scoreWeek({
      week: WEEK,
      students,
      sources: [vle, source('lib', 'library')],
      measures,
      config: cfg,
    });
    expect(result.scores[0]?.breakdown.sourceIds).toEqual(['vle']);
    expect(Object.keys(result.peerGroups[0]?.medians ?? {})).toEqual(['vle']);
  });

  it('reports everyone as unscored when no source is in force', () => {
    const result = scoreWeek({ week: WEEK, students, sources: [], measures: [], config: config() });
    expect(result.scores).toEqual([]);
    expect(result.unscored.map((u) => u.reason)).toEqual(Array(10).fill('no-data'));
  });

  it('rejects a measure from another week and a duplicated student × source', () => {
    const run = (measures: ReturnType<typeof count>[]) =>
      scoreWeek({ week: WEEK, students, sources: [vle], measures, config: config() });
    expect(() => run([count('s0', 'vle', 1, '2026-W39')])).toThrow(/2026-W39/);
    expect(() => run([count('s0', 'vle', 1), count('s0', 'vle', 2)])).toThrow(/two measures/);
  });

  it('reports each group’s medians and composite mean and sd (weekly-rank: the median activity as level)', () => {
    const measures = students.map((s, i) => count(s.id, 'vle', i));
    const group = scoreWeek({
      week: WEEK,
      students,
      sources: [vle],
      measures,
      config: config({ method: 'weekly-rank' }),
    }).peerGroups[0];
    expect(group?.medians).toEqual({ vle: 4.5 });
    expect(group?.population).toBe(10);
    expect(group?.scored).toBe(10);
    expect(group?.compositeMean).toBeCloseTo(0, 12);
    expect(group?.activityLevel).toBe(4.5);
  });
});

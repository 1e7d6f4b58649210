import { describe, expect, it } from 'vitest';
import { addWeeks } from '../../src/domain/isoWeek.ts';
import { scoreWeek } from '../../src/scoring/scoreWeek.ts';
import type { ScoreMethod } from '../../src/scoring/config.ts';
import { recentLevelsOfResult } from '../../src/scoring/recentLevels.ts';
import { activityHistoryOf, detectSharedCause } from '../../src/scoring/sharedCause.ts';
import type { WeekScoreResult } from '../../src/scoring/types.ts';
import { cohort, config, count, source } from './fixtures.ts';

const settings = config().sharedCause;
const vle = source('vle', 'vle');
const hit = cohort('h', 12, { programmeId: 'HIT' });
const calm = cohort('c', 12, { programmeId: 'CALM' });
const START = '2026-W40';

/**
 * Five weeks of steady activity, then a week in which the HIT programme's activity is multiplied by
 * `factor` — or, for `sparse`, each HIT student's count is replaced by it.
 */
function run(
  factor: number,
  method: ScoreMethod = 'weekly-rank',
  sparse?: (i: number) => number,
): WeekScoreResult[] {
  const results: WeekScoreResult[] = [];
  for (let w = 0; w < 6; w++) {
    const week = addWeeks(START, w);
    const scale = w === 5 ? factor : 1;
    const measures = [
      ...hit.map((s, i) => count(s.id, 'vle', w === 5 && sparse ? sparse(i) : (10 + 2 * i) * scale, week)),
      ...calm.map((s, i) => count(s.id, 'vle', 10 + i, week)),
    ];
    results.push(
      scoreWeek({
        week,
        students: [...hit, ...calm],
        sources: [vle],
        measures,
        activityHistory: activityHistoryOf(results.flatMap((r) => r.peerGroups)),
        recent: w === 0 ? null : recentLevelsOfResult(results[w - 1] as WeekScoreResult),
        config: config({ method }),
      }),
    );
  }
  return results;
}

describe('shared cause', () => {
  it('recent-log: annotates a group most of whose members fell below half their own level, and only it', () => {
    const last = run(0.3, 'recent-log').at(-1) as WeekScoreResult;
    expect(last.sharedCauses.map((cause) => cause.peerGroup)).toEqual(['programme=HIT|yearOfStudy=1']);
    // Every HIT member held up in the steady weeks (level 1) and none did now (level 0).
    expect(last.sharedCauses[0]).toMatchObject({ baseline: 1, level: 0, drop: 1 });
    for (const s of last.scores) expect(s.sharedCause === null).toBe(s.studentId.startsWith('c'));
  });

  it('recent-log: does not call an ordinary sparse week a shared cause, however low its median', () => {
    // Five of twelve are quiet this week and the rest a little over half their usual: the median nearly
    // halves (21 → 10.7), yet seven members held up against their own level.
    const sparse = (i: number) => (i < 5 ? 0 : (10 + 2 * i) * 0.51);
    expect(run(1, 'recent-log', sparse).at(-1)?.sharedCauses).toEqual([]);
    const weeklyLevel = run(1, 'weekly-rank', sparse)
      .at(-1)
      ?.peerGroups.find((g) => g.peerGroup.includes('HIT'));
    expect(weeklyLevel?.activityLevel).toBeCloseTo(((20 + 22) / 2) * 0.51, 9);
  });

  it('weekly-rank: annotates a group whose median activity halves, and only that group and its members', () => {
    const last = run(0.5).at(-1) as WeekScoreResult;
    expect(last.sharedCauses).toHaveLength(1);
    const cause = last.sharedCauses[0];
    expect(cause?.peerGroup).toBe('programme=HIT|yearOfStudy=1');
    // Median activity 21 in every earlier week, 10.5 now.
    expect(cause).toMatchObject({ baseline: 21, level: 10.5, drop: 0.5 });
    for (const s of last.scores) {
      expect(s.sharedCause === null).toBe(s.studentId.startsWith('c'));
    }
  });

  it('does not annotate a group that stays above the threshold', () => {
    expect(run(0.6).every((week) => week.sharedCauses.length === 0)).toBe(true);
  });

  it('takes the median of recent weeks, so one shared-cause week does not move the baseline; needs enough history', () => {
    const entries = [
      { week: '2026-W40', level: 10 },
      { week: '2026-W41', level: 2 },
      { week: '2026-W42', level: 10 },
    ];
    // Baseline 10 (the median), not the mean (10 + 2 + 10) / 3.
    expect(detectSharedCause('g', '2026-W43', 5, entries, settings)?.baseline).toBe(10);
    expect(detectSharedCause('g', '2026-W43', 5.1, entries, settings)).toBeNull();
    expect(detectSharedCause('g', '2026-W43', 1, entries.slice(0, 1), settings)).toBeNull();
    // Weeks at or after the scored week are not history.
    expect(detectSharedCause('g', '2026-W41', 1, entries, settings)).toBeNull();
  });

  it('treats a lasting fall as the new level after two weeks instead of flagging it for ever', () => {
    const history = ['2026-W36', '2026-W37', '2026-W38', '2026-W39'].map((week) => ({ week, level: 10 }));
    const flagged: boolean[] = [];
    for (const week of ['2026-W40', '2026-W41', '2026-W42', '2026-W43']) {
      flagged.push(detectSharedCause('g', week, 4, history, settings) !== null);
      history.push({ week, level: 4 });
    }
    expect(flagged).toEqual([true, true, false, false]);
  });

  it('uses at most baselineWeeks of the latest history, and nothing from a silent group', () => {
    const entries = ['2026-W36', '2026-W37', '2026-W38', '2026-W39', '2026-W40'].map((week, i) => ({
      week,
      level: i === 0 ? 1000 : 10,
    }));
    expect(detectSharedCause('g', '2026-W41', 4, entries, settings)?.baseline).toBe(10);
    const silent = entries.map((e) => ({ ...e, level: 0 }));
    expect(detectSharedCause('g', '2026-W41', 0, silent, settings)).toBeNull();
  });
});

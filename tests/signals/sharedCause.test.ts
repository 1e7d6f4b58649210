import { describe, expect, it } from 'vitest';
import { addWeeks } from '../../src/domain/isoWeek.ts';
import type { WeeklyScore } from '../../src/domain/model.ts';
import { scoreWeek } from '../../src/scoring/scoreWeek.ts';
import { activityHistoryOf } from '../../src/scoring/sharedCause.ts';
import type { PeerGroupWeek } from '../../src/scoring/types.ts';
import { cohort, config, count, source } from '../scoring/fixtures.ts';
import { signalsOf } from './fixtures.ts';

const students = cohort('s', 12);
const vle = source('vle', 'vle');

/**
 * Five ordinary weeks in which s0 is the most active student, then a sixth in which s0 does nothing — and,
 * when `groupFalls`, so does almost everyone else (a cancelled field trip week).
 */
function scoresOfS0(groupFalls: boolean): WeeklyScore[] {
  const groups: PeerGroupWeek[] = [];
  const s0: WeeklyScore[] = [];
  for (let w = 0; w < 6; w++) {
    const week = addWeeks('2026-W40', w);
    const measures = students.map((s, i) => {
      const usual = i === 0 ? 40 : 10 + i;
      const value = w < 5 ? usual : i === 0 ? 0 : groupFalls ? Math.round(usual * 0.3) : usual;
      return count(s.id, 'vle', value, week);
    });
    const result = scoreWeek({
      week,
      students,
      sources: [vle],
      measures,
      activityHistory: activityHistoryOf(groups),
      // weekly-rank: one week's fall moves the score by more than 100 points (recent-log's levels would
      // not), which is what the signals must then not read as declining.
      config: config({ method: 'weekly-rank' }),
    });
    groups.push(...result.peerGroups);
    s0.push(result.scores.find((s) => s.studentId === 's0') as WeeklyScore);
  }
  return s0;
}

describe('shared cause in signals', () => {
  it("does not make a group's members declining in the week the whole group's activity fell", () => {
    const scores = scoresOfS0(true);
    const drop = (scores[4]?.score as number) - (scores[5]?.score as number);
    expect(drop).toBeGreaterThan(100);
    expect(scores[5]?.sharedCause).not.toBeNull();
    const signals = signalsOf(scores);
    expect(signals.declining).toBe(false);
    expect(signals.engageNoCase).toBe(false);
    expect(signals.sharedCauseThisWeek).toBe(true);
  });

  it('still flags the same fall when only the student fell', () => {
    const scores = scoresOfS0(false);
    expect(scores[5]?.sharedCause).toBeNull();
    expect(signalsOf(scores).declining).toBe(true);
  });
});

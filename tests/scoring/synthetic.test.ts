// The engine on the synthetic institution: method weekly-rank agrees with the independent reference
// implementation used by the generator's tests, finds the planted cohort-wide event as a shared cause, and makes
// the planted data gaps visible as runs of missing weeks.
import { describe, expect, it } from 'vitest';
import type { WeeklyScore } from '../../src/domain/model.ts';
import { DEFAULT_SCORING_CONFIG, parseScoringConfig } from '../../src/scoring/config.ts';
import { persistentGaps } from '../../src/scoring/missingRuns.ts';
import type { WeekScoreResult } from '../../src/scoring/types.ts';
import { planInstitution } from '../../src/synthetic/index.ts';
import { scoreSyntheticTerm } from '../helpers/scoreSynthetic.ts';
import { referenceScores } from '../synthetic/referenceScores.ts';

const institution = planInstitution({ seed: 42 });
const { termWeeks, measures, results } = scoreSyntheticTerm(institution);

describe('scoring the synthetic institution', () => {
  it('scores method weekly-rank as the reference implementation does, for students in unmerged groups', () => {
    const reference = referenceScores({ ...institution, measures: measures.flat() });
    const weeklyRank = scoreSyntheticTerm(institution, parseScoringConfig({ method: 'weekly-rank' })).results;
    let compared = 0;
    weeklyRank.forEach((result, w) => {
      for (const score of result.scores) {
        if (score.merged) continue;
        const expected = reference.get(score.studentId)?.[w];
        expect(expected).not.toBeNull();
        expect(Math.abs(score.score - (expected as number))).toBeLessThanOrEqual(1);
        compared += 1;
      }
    });
    expect(compared).toBeGreaterThan(10_000);
  });

  it('annotates the planted cohort event as a shared cause for that group and week', () => {
    const event = institution.truth.cohortEvent;
    if (!event) throw new Error('the seed plants a cohort event');
    const result = results[termWeeks.indexOf(event.week)] as WeekScoreResult;
    const key = `programme=${event.programmeId}|yearOfStudy=${event.yearOfStudy}`;
    const cause = result.sharedCauses.find((c) => c.peerGroup === key);
    expect(cause?.drop).toBeGreaterThan(0.5);
    const members = result.scores.filter((s) => s.peerGroup === key);
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((s) => s.sharedCause?.peerGroup === key)).toBe(true);
  });

  it('does not call ordinary teaching weeks shared causes', () => {
    const teaching = new Set(institution.calendar.filter((w) => w.kind === 'teaching').map((w) => w.week));
    const event = institution.truth.cohortEvent;
    const spurious = results
      .filter((r) => teaching.has(r.week))
      .flatMap((r) => r.sharedCauses)
      .filter((c) => !(c.week === event?.week && c.peerGroup.includes(`programme=${event.programmeId}|`)));
    const groupWeeks = results
      .filter((r) => teaching.has(r.week))
      .reduce((n, r) => n + r.peerGroups.length, 0);
    expect(spurious.length / groupWeeks).toBeLessThan(0.02);
  });

  it('makes a student-level data gap of three or more weeks visible', () => {
    const gap = institution.truth.gaps.find((g) => g.scope === 'student' && g.weeks.length >= 3);
    if (!gap || gap.scope !== 'student') throw new Error('the seed plants student data gaps');
    const lastGapWeek = gap.weeks[gap.weeks.length - 1] as string;
    const upTo = results.filter((r) => r.week <= lastGapWeek);
    const records = upTo.flatMap((r) => [
      ...r.scores.filter((s): s is WeeklyScore => s.studentId === gap.studentId),
      ...r.unscored.filter((u) => u.studentId === gap.studentId),
    ]);
    const runs = persistentGaps(records, DEFAULT_SCORING_CONFIG.degradedAfterMissingWeeks);
    expect(runs.map((run) => run.sourceId)).toContain(gap.sourceId);
  });
});

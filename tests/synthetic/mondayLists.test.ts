// The generated data makes interesting Monday lists when scored by the real engine and read by the real
// signals: dozens declining, some consistently low, some recovering — mostly the students it planted there.
import { describe, expect, it } from 'vitest';
import type { WeeklyScore } from '../../src/domain/model.ts';
import { computeSignals } from '../../src/signals/studentSignals.ts';
import { generateInstitution, syntheticOutcomes } from '../../src/synthetic/index.ts';
import type { Trajectory } from '../../src/synthetic/index.ts';
import { scoreSyntheticTerm } from '../helpers/scoreSynthetic.ts';

const institution = generateInstitution({ seed: 42 });
const { termWeeks, results } = scoreSyntheticTerm(institution);
const trajectoryOf = (id: string): Trajectory | undefined => institution.truth.students[id]?.trajectory;
const FALLING: ReadonlySet<Trajectory | undefined> = new Set([
  'gradual-decline',
  'sudden-drop',
  'vle-first-decline',
]);

const historiesByWeek = new Map<number, Map<string, WeeklyScore[]>>();

/** Each student's scores up to and including term week `upTo`, oldest first (built once per week). */
function histories(upTo: number): Map<string, WeeklyScore[]> {
  const known = historiesByWeek.get(upTo);
  if (known) return known;
  const byStudent = new Map<string, WeeklyScore[]>();
  for (const result of results.slice(0, upTo + 1)) {
    for (const score of result.scores) {
      const scores = byStudent.get(score.studentId);
      if (scores) scores.push(score);
      else byStudent.set(score.studentId, [score]);
    }
  }
  historiesByWeek.set(upTo, byStudent);
  return byStudent;
}

/** The last teaching week: the Monday before the exam week. */
const NOW = termWeeks.length - 2;
const signalsNow = [...histories(NOW)].map(([id, scores]) => ({
  id,
  signals: computeSignals({ scores, contacts: [], openCase: false, asOf: new Date('2027-01-01T00:00:00Z') }),
}));

describe('Monday lists from the synthetic data', () => {
  it('scores on the 0–1000 scale with 500 as the average', () => {
    const now = (results[NOW] as { scores: WeeklyScore[] }).scores.map((s) => s.score);
    const mean = now.reduce((sum, s) => sum + s, 0) / now.length;
    expect(Math.abs(mean - 500)).toBeLessThan(10);
  });

  it('lists dozens of declining students (down more than 100 over four weeks), most of them planted', () => {
    const declining = signalsNow.filter((entry) => entry.signals.declining).map((entry) => entry.id);
    expect(declining.length).toBeGreaterThanOrEqual(36);
    const planted = declining.filter((id) => FALLING.has(trajectoryOf(id)));
    expect(planted.length / declining.length).toBeGreaterThan(0.5);
  });

  it('lists consistently low students (below 350 for three weeks running), mostly not steady ones', () => {
    const low = signalsNow.filter((entry) => entry.signals.consistentlyLow).map((entry) => entry.id);
    expect(low.length).toBeGreaterThanOrEqual(20);
    // Judged as every list is, against outcomes: at least twice the base rate of withdrawing or failing.
    const bad = new Set(
      syntheticOutcomes(institution)
        .filter((outcome) => outcome.finalResult === 'Withdrawn' || outcome.finalResult === 'Fail')
        .map((outcome) => outcome.studentId),
    );
    const badShare = (ids: readonly string[]) => ids.filter((id) => bad.has(id)).length / ids.length;
    expect(badShare(low)).toBeGreaterThan(2 * badShare(signalsNow.map((entry) => entry.id)));
    expect(low.filter((id) => trajectoryOf(id) !== 'steady').length / low.length).toBeGreaterThan(0.6);
  });

  it('shows planted recoveries as recovering (+50 or more over two weeks, after a concern) as they come back, and only a few', () => {
    const recoveringAt = (week: number, id: string) =>
      computeSignals({
        scores: histories(week).get(id) ?? [],
        contacts: [],
        openCase: true,
        asOf: new Date(),
      }).recovering;
    const recovered = institution.students.filter((student) => {
      const truth = institution.truth.students[student.id];
      if ((truth?.trajectory !== 'recovery' && truth?.trajectory !== 'late-starter') || !truth.recoveryWeek)
        return false;
      const back = termWeeks.indexOf(truth.recoveryWeek);
      // Recent levels take a week or two to show a comeback as a +50 rise.
      return (
        back >= 2 &&
        [back, back + 1, back + 2].some((week) => week < results.length && recoveringAt(week, student.id))
      );
    });
    expect(recovered.length).toBeGreaterThanOrEqual(50);
    results.forEach((result, week) => {
      const flagged = result.scores.filter((score) => recoveringAt(week, score.studentId)).length;
      expect(flagged / result.scores.length).toBeLessThanOrEqual(0.1);
    });
  });
});

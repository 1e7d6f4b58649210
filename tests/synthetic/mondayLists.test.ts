// The generated data makes interesting Monday lists when scored by the real engine and read by the real
// signals: dozens declining, some consistently low, some recovering — mostly the students it planted there.
import { describe, expect, it } from 'vitest';
import type { WeeklyScore } from '../../src/domain/model.ts';
import { computeSignals } from '../../src/signals/studentSignals.ts';
import { generateInstitution } from '../../src/synthetic/index.ts';
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

/** Each student's scores up to and including term week `upTo`, oldest first. */
function histories(upTo: number): Map<string, WeeklyScore[]> {
  const byStudent = new Map<string, WeeklyScore[]>();
  for (const result of results.slice(0, upTo + 1)) {
    for (const score of result.scores)
      byStudent.set(score.studentId, [...(byStudent.get(score.studentId) ?? []), score]);
  }
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
    expect(low.filter((id) => trajectoryOf(id) !== 'steady').length / low.length).toBeGreaterThan(0.7);
  });

  it('shows planted recoveries as recovering (+50 or more over two weeks) the week they come back', () => {
    const recovered = institution.students.filter((student) => {
      const truth = institution.truth.students[student.id];
      if ((truth?.trajectory !== 'recovery' && truth?.trajectory !== 'late-starter') || !truth.recoveryWeek)
        return false;
      const back = termWeeks.indexOf(truth.recoveryWeek);
      if (back < 2) return false;
      const scores = histories(back).get(student.id) ?? [];
      return computeSignals({ scores, contacts: [], openCase: true, asOf: new Date() }).recovering;
    });
    expect(recovered.length).toBeGreaterThanOrEqual(50);
  });
});

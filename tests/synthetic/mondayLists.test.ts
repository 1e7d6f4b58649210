// The generated data makes interesting Monday lists when scored the SPEC §3 way: dozens declining, some
// consistently low, some recovering — and mostly the students the generator planted there.
import { describe, expect, it } from 'vitest';
import { generateInstitution } from '../../src/synthetic/index.ts';
import type { Trajectory } from '../../src/synthetic/index.ts';
import { referenceScores } from './referenceScores.ts';

const institution = generateInstitution({ seed: 42 });
const scores = referenceScores(institution);
const trajectoryOf = (id: string): Trajectory | undefined => institution.truth.students[id]?.trajectory;
const FALLING: ReadonlySet<Trajectory | undefined> = new Set([
  'gradual-decline',
  'sudden-drop',
  'vle-first-decline',
]);
/** The last teaching week (index 10): the Monday before the exam week. */
const NOW = 10;

function listed(predicate: (series: (number | null)[]) => boolean): string[] {
  return [...scores].filter(([, series]) => predicate(series)).map(([id]) => id);
}

const score = (series: (number | null)[], week: number): number => series[week] ?? Number.NaN;

describe('Monday lists from the synthetic data', () => {
  it('scores on the 0–1000 scale with 500 as the average', () => {
    const now = [...scores.values()].map((series) => score(series, NOW)).filter((s) => !Number.isNaN(s));
    const mean = now.reduce((sum, s) => sum + s, 0) / now.length;
    expect(Math.abs(mean - 500)).toBeLessThan(10);
  });

  it('lists dozens of declining students (down more than 100 over four weeks), most of them planted', () => {
    const declining = listed((series) => score(series, NOW) - score(series, NOW - 4) < -100);
    expect(declining.length).toBeGreaterThanOrEqual(36);
    const planted = declining.filter((id) => FALLING.has(trajectoryOf(id)));
    expect(planted.length / declining.length).toBeGreaterThan(0.5);
  });

  it('lists consistently low students (below 350 for three weeks running)', () => {
    const low = listed((series) => [NOW - 2, NOW - 1, NOW].every((week) => score(series, week) < 350));
    expect(low.length).toBeGreaterThanOrEqual(20);
    expect(low.filter((id) => trajectoryOf(id) !== 'steady').length / low.length).toBeGreaterThan(0.7);
  });

  it('shows recovering students (+50 or more over two weeks) when planted recoveries come back', () => {
    const weeks = institution.calendar.map((entry) => entry.week);
    const recovered = [...scores].filter(([id, series]) => {
      const t = institution.truth.students[id];
      if ((t?.trajectory !== 'recovery' && t?.trajectory !== 'late-starter') || !t.recoveryWeek) return false;
      const back = weeks.indexOf(t.recoveryWeek);
      return score(series, back) - score(series, back - 2) >= 50;
    });
    expect(recovered.length).toBeGreaterThanOrEqual(50);
  });
});

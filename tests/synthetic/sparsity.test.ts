// The generated institution is as sparse as real data: its VLE activity has OULAD's shape (module AAA,
// measured by measureOulad.ts with the same measures, shape.ts) — many zero weeks, a heavy tail, bursts in
// deadline weeks, correlated weeks, leavers fading to nothing first — and its outcomes a comparable base
// rate. Properties in ranges around OULAD's figures, not the generator's exact output.
import { describe, expect, it } from 'vitest';
import type { IsoWeek } from '../../src/domain/isoWeek.ts';
import {
  DISENGAGING,
  SOURCE_IDS,
  generateInstitution,
  planInstitution,
  syntheticOutcomes,
} from '../../src/synthetic/index.ts';
import type { SyntheticInstitution } from '../../src/synthetic/index.ts';
import { measureShape } from './shape.ts';
import { studentWeeks } from './syntheticShape.ts';

/** OULAD module AAA, per student-week VLE clicks (measureOulad.ts, 728 students who started, 26,177 weeks). */
const OULAD_SHAPE = {
  zeroShare: 0.278,
  zeroShareByOutcome: { Pass: 0.226, Withdrawn: 0.31, Fail: 0.562 },
  nonZero: { p10: 3, p25: 11, p50: 36, p75: 78, p90: 144, p99: 353 },
  tail: { p90: 4, p99: 9.8 },
  autocorrelation: { pooled: 0.601, withinStudent: 0.333 },
  weeklyZeroShare: { min: 0.05, median: 0.253, max: 0.765 },
  burst: { meanRatio: 1.71, activeRatio: 1.28 },
  /** Students leaving after week 10: a share of stayers' activity 1, 2, 3 weeks before leaving. */
  fadeLateLeavers: [0.63, 0.43, 0.63],
  outcomeShares: { Pass: 0.71, Withdrawn: 0.168, Fail: 0.122 },
};

const institution = generateInstitution({ seed: 42 });
const { students, measures, calendar, truth } = institution;
const weeks = calendar.map((entry) => entry.week);
const moodle = studentWeeks(institution, SOURCE_IDS.moodle);
const shape = measureShape(moodle);
const outcomes = syntheticOutcomes(institution);

describe('VLE activity as sparse as OULAD', () => {
  it('has many zero weeks, and far more for students who fail', () => {
    expect(Math.abs(shape.zeroShare - OULAD_SHAPE.zeroShare)).toBeLessThan(0.1);
    const by = shape.zeroShareByOutcome;
    expect(by.Pass).toBeGreaterThan(0.1);
    expect(by.Fail).toBeGreaterThan(0.4);
    expect(by.Fail).toBeGreaterThan(2 * (by.Pass as number));
    expect(by.Withdrawn).toBeGreaterThan(by.Pass as number);
  });

  it('puts 20–70% of a peer group at zero in a sparse week', () => {
    const reading = calendar.find((entry) => entry.kind === 'reading')?.week as IsoWeek;
    const byGroup = new Map<string, { n: number; zeros: number }>();
    const groupOf = new Map(students.map((s) => [s.id, `${s.programmeId}|${s.yearOfStudy}`]));
    for (const m of measures) {
      if (m.week !== reading || m.sourceId !== SOURCE_IDS.moodle) continue;
      const g = byGroup.get(groupOf.get(m.studentId) as string) ?? { n: 0, zeros: 0 };
      g.n += 1;
      if (m.count === 0) g.zeros += 1;
      byGroup.set(groupOf.get(m.studentId) as string, g);
    }
    const shares = [...byGroup.values()].filter((g) => g.n >= 20).map((g) => g.zeros / g.n);
    const within = shares.filter((share) => share >= 0.2 && share <= 0.7);
    expect(shares.length).toBeGreaterThan(10);
    expect(within.length / shares.length).toBeGreaterThan(0.8);
    // and no term week where (almost) everybody is active
    expect(shape.weeklyZeroShare.min).toBeGreaterThan(0.1);
  });

  it('has a heavy tail of non-zero weekly counts', () => {
    expect(shape.tail.p90).toBeGreaterThan(2.5);
    expect(shape.tail.p90).toBeLessThan(2 * OULAD_SHAPE.tail.p90);
    expect(shape.tail.p99).toBeGreaterThan(6);
    expect(shape.tail.p99).toBeLessThan(2.5 * OULAD_SHAPE.tail.p99);
    expect(shape.nonZero.p25).toBeLessThan(shape.nonZero.p50 / 2);
  });

  it('bursts in the weeks coursework is due', () => {
    expect(shape.burst.meanRatio).toBeGreaterThan(1.3);
    expect(shape.burst.meanRatio).toBeLessThan(2 * OULAD_SHAPE.burst.meanRatio);
    expect(shape.burst.activeRatio).toBeGreaterThan(1.05);
  });

  it('keeps a student’s weeks correlated, beyond their average level', () => {
    expect(shape.autocorrelation.pooled).toBeGreaterThan(0.35);
    // within a 12-week span, removing each student's own mean biases this down by about 1/11
    expect(shape.autocorrelation.withinStudent).toBeGreaterThan(0.05);
  });

  it('fades leavers to nothing over the weeks before they withdraw', () => {
    const [week1, week2, week3] = shape.fade.relative as [number, number, number];
    expect(week1).toBeLessThan(0.2);
    expect(week2).toBeLessThan(0.4);
    expect(week1).toBeLessThan(week3);
    expect(shape.fade.zeroShare[0]).toBeGreaterThan(0.8);
    // a fade, not a cliff: three weeks before, they were still doing something
    expect(shape.fade.zeroShare[2]).toBeLessThan(shape.fade.zeroShare[0] as number);
  });
});

describe('outcomes of the generated term', () => {
  const byId = new Map(outcomes.map((o) => [o.studentId, o]));
  const share = (predicate: (finalResult: string) => boolean, ids = students.map((s) => s.id)) =>
    ids.filter((id) => predicate(byId.get(id)?.finalResult ?? '')).length / ids.length;

  it('has one outcome per student, a base rate of withdrawn or failed near OULAD’s', () => {
    expect(outcomes.map((o) => o.studentId)).toEqual(students.map((s) => s.id));
    expect(new Set(outcomes.map((o) => o.finalResult))).toEqual(
      new Set(['Pass', 'Fail', 'Withdrawn', 'Interrupted']),
    );
    // Suspended students' studies are interrupted: neither a good nor a bad outcome.
    for (const student of students) {
      expect(byId.get(student.id)?.finalResult === 'Interrupted').toBe(student.status === 'suspended');
    }
    const notPassed = share((r) => r !== 'Pass');
    expect(notPassed).toBeGreaterThan(0.18);
    expect(notPassed).toBeLessThan(0.35);
    expect(share((r) => r === 'Withdrawn')).toBeGreaterThan(0.05);
    expect(share((r) => r === 'Fail')).toBeGreaterThan(0.05);
  });

  it('plants 20–25% of students on a trajectory that disengages', () => {
    const disengaging =
      Object.values(truth.students).filter((t) => DISENGAGING.has(t.trajectory)).length / students.length;
    expect(disengaging).toBeGreaterThan(0.18);
    expect(disengaging).toBeLessThan(0.27);
  });

  it('follows the trajectory without being decided by it', () => {
    const ids = (falling: boolean) =>
      students
        .filter((s) => s.status !== 'suspended')
        .filter((s) => DISENGAGING.has(truth.students[s.id]?.trajectory ?? 'steady') === falling)
        .map((s) => s.id);
    const faders = ids(true);
    const others = ids(false);
    expect(share((r) => r !== 'Pass', faders)).toBeGreaterThan(0.6);
    expect(share((r) => r === 'Pass', faders)).toBeGreaterThan(0.05);
    expect(share((r) => r !== 'Pass', others)).toBeGreaterThan(0.03);
    expect(share((r) => r !== 'Pass', others)).toBeLessThan(0.2);
  });

  it('dates each withdrawal, after which the student does nothing anywhere', () => {
    const index = new Map(weeks.map((week, i) => [week, i]));
    for (const outcome of outcomes) {
      if (outcome.finalResult === 'Interrupted') continue;
      if (outcome.finalResult !== 'Withdrawn') {
        expect(outcome.unregisteredWeek).toBeNull();
        continue;
      }
      expect(weeks).toContain(outcome.unregisteredWeek);
    }
    const leftAt = new Map(
      outcomes
        .filter((o) => o.unregisteredWeek !== null)
        .map((o) => [o.studentId, index.get(o.unregisteredWeek as IsoWeek) as number]),
    );
    const after = measures.filter((m) => {
      const left = leftAt.get(m.studentId);
      return left !== undefined && (index.get(m.week) as number) >= left;
    });
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((m) => m.count !== 0)).toEqual([]);
  });

  it('is a pure function of the plan: the same from the plan alone and from a JSON round trip', () => {
    const plan = planInstitution({ seed: 42 });
    expect(syntheticOutcomes(plan)).toEqual(outcomes);
    expect(syntheticOutcomes(JSON.parse(JSON.stringify(plan)) as SyntheticInstitution)).toEqual(outcomes);
    expect(syntheticOutcomes(planInstitution({ seed: 43 }))).not.toEqual(outcomes);
  });
});

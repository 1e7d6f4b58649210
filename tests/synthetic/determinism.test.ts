// Same seed, same institution (byte for byte); week-by-week streaming gives exactly the batch output.
import { describe, expect, it } from 'vitest';
import { generateInstitution, measuresForWeek, planInstitution } from '../../src/synthetic/index.ts';
import type { SyntheticInstitution } from '../../src/synthetic/index.ts';

const options = { seed: 77, students: 400, weeks: 14 };

describe('determinism', () => {
  it('gives byte-identical output for the same seed', () => {
    const first = generateInstitution(options);
    const second = generateInstitution(options);
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('gives a different institution for a different seed', () => {
    const first = generateInstitution(options);
    const other = generateInstitution({ ...options, seed: 78 });
    expect(other.students.map((s) => s.name)).not.toEqual(first.students.map((s) => s.name));
    expect(other.measures.map((m) => m.count)).not.toEqual(first.measures.map((m) => m.count));
  });

  it('streams each week exactly as the batch generates it, even from a JSON round trip', () => {
    const batch = generateInstitution(options);
    const plan = planInstitution(options);
    const reloaded = JSON.parse(JSON.stringify(plan)) as SyntheticInstitution;
    // the span crosses the Christmas vacation: holiday weeks are generated too
    expect(plan.calendar.some((week) => week.kind === 'holiday')).toBe(true);
    for (const { week } of plan.calendar) {
      const expected = batch.measures.filter((m) => m.week === week);
      expect(measuresForWeek(plan, week)).toEqual(expected);
      expect(measuresForWeek(reloaded, week)).toEqual(expected);
    }
    // a later week does not depend on having generated the earlier ones
    const last = plan.calendar.at(-1)?.week as string;
    expect(measuresForWeek(planInstitution(options), last)).toEqual(
      batch.measures.filter((m) => m.week === last),
    );
  });

  it('refuses a week outside the calendar', () => {
    expect(() => measuresForWeek(planInstitution(options), '2030-W01')).toThrow(RangeError);
  });
});

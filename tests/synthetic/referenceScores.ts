/**
 * A compact reference implementation of the docs/score.md weekly score, for tests only: per source a
 * within-peer-group mid-rank percentile turned into a normal score, the weighted mean over available
 * sources, re-standardised within the peer group, then 500 + 100·z. Peer groups are programme + year,
 * merged up to faculty + year when smaller than ten. It lets the generator's tests check that its data
 * makes interesting Monday lists without depending on the real engine.
 */
import type { CalendarWeek, WeeklyMeasure, WeightCategory } from '../../src/domain/model.ts';
import { measureValue } from '../../src/domain/model.ts';
import type { GeneratedInstitution } from '../../src/synthetic/index.ts';

const WEIGHTS: Record<WeightCategory, number> = { attendance: 0.4, vle: 0.3, library: 0.2, other: 0.1 };
const MIN_PEER_GROUP = 10;

/** Acklam's rational approximation of the inverse standard normal CDF. */
function inverseNormal(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

function normalScores(values: Map<string, number>): Map<string, number> {
  const sorted = [...values.values()].sort((x, y) => x - y);
  const scores = new Map<string, number>();
  for (const [studentId, value] of values) {
    let below = 0;
    while (below < sorted.length && (sorted[below] as number) < value) below += 1;
    let equal = 0;
    while (below + equal < sorted.length && sorted[below + equal] === value) equal += 1;
    scores.set(studentId, inverseNormal((below + equal / 2) / sorted.length));
  }
  return scores;
}

function standardise(values: Map<string, number>): Map<string, number> {
  const all = [...values.values()];
  const mean = all.reduce((sum, v) => sum + v, 0) / all.length;
  const sd = Math.sqrt(all.reduce((sum, v) => sum + (v - mean) ** 2, 0) / all.length);
  return new Map([...values].map(([id, v]) => [id, sd > 0 ? (v - mean) / sd : 0]));
}

/** Scores of active students for each term week, as student id → one score per term week (null: none). */
export function referenceScores(institution: GeneratedInstitution): Map<string, (number | null)[]> {
  const termWeeks: CalendarWeek[] = institution.calendar.filter((week) => week.kind !== 'holiday');
  const active = institution.students.filter((student) => student.status === 'active');
  const programmeYearSize = new Map<string, number>();
  for (const s of active) {
    const key = `${s.programmeId}|${s.yearOfStudy}`;
    programmeYearSize.set(key, (programmeYearSize.get(key) ?? 0) + 1);
  }
  const groupOf = new Map(
    active.map((s) => {
      const key = `${s.programmeId}|${s.yearOfStudy}`;
      return [
        s.id,
        (programmeYearSize.get(key) ?? 0) >= MIN_PEER_GROUP ? key : `${s.facultyId}|${s.yearOfStudy}`,
      ];
    }),
  );
  const categoryOf = new Map(institution.sources.map((source) => [source.id, source.category]));
  const perCategory = new Map<WeightCategory, number>();
  for (const source of institution.sources) {
    perCategory.set(source.category, (perCategory.get(source.category) ?? 0) + 1);
  }
  const weightOf = (sourceId: string): number => {
    const category = categoryOf.get(sourceId) as WeightCategory;
    return WEIGHTS[category] / (perCategory.get(category) as number);
  };
  const byWeek = new Map<string, WeeklyMeasure[]>();
  for (const m of institution.measures) {
    if (!groupOf.has(m.studentId)) continue;
    const list = byWeek.get(m.week) ?? [];
    list.push(m);
    byWeek.set(m.week, list);
  }
  const scores = new Map<string, (number | null)[]>(active.map((s) => [s.id, []]));
  for (const week of termWeeks) {
    // group → source → student → value
    const values = new Map<string, Map<string, Map<string, number>>>();
    for (const m of byWeek.get(week.week) ?? []) {
      const value = measureValue(m);
      if (value === null) continue;
      const group = groupOf.get(m.studentId) as string;
      const bySource = values.get(group) ?? new Map<string, Map<string, number>>();
      const students = bySource.get(m.sourceId) ?? new Map<string, number>();
      students.set(m.studentId, value);
      bySource.set(m.sourceId, students);
      values.set(group, bySource);
    }
    const weekScores = new Map<string, number>();
    for (const bySource of values.values()) {
      const sums = new Map<string, { total: number; weight: number }>();
      for (const [sourceId, students] of bySource) {
        for (const [studentId, z] of normalScores(students)) {
          const sum = sums.get(studentId) ?? { total: 0, weight: 0 };
          sum.total += weightOf(sourceId) * z;
          sum.weight += weightOf(sourceId);
          sums.set(studentId, sum);
        }
      }
      const composite = new Map([...sums].map(([id, s]) => [id, s.total / s.weight]));
      for (const [id, z] of standardise(composite)) {
        weekScores.set(id, Math.min(1000, Math.max(0, Math.round(500 + 100 * z))));
      }
    }
    for (const [id, list] of scores) list.push(weekScores.get(id) ?? null);
  }
  return scores;
}

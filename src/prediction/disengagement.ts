/**
 * Labels of the future-disengagement target (docs/prediction.md, "Targets"), from the stored weekly scores
 * and the product's own signals. Pure.
 *
 * A student is disengaged at term week k when the signals the lists show, computed on their scored term
 * weeks 1..k (computeSignals, default thresholds), make them Consistently low or Low engagement. At week k
 * a student scored that week and not disengaged is a row; its label is 1 when they are disengaged at any of
 * weeks k+1..k+4 in which they were scored. Rows are left out when the term has not scored all four
 * following weeks (the window is incomplete), and for a student scored in none of them (nothing is known).
 */
import { computeSignals, type ScorePoint } from '../signals/studentSignals.ts';
import { DISENGAGEMENT_HORIZON_WEEKS } from './targets.ts';

/** Per term week (index 0 = week 1): each scored student → disengaged at that week. */
export type DisengagementByWeek = Map<string, boolean>[];

const NO_CONTACT_AS_OF = new Date(0);

/** Whether the signals make the student Consistently low or Low engagement at the end of this history. */
export function isDisengaged(history: readonly ScorePoint[]): boolean {
  const signals = computeSignals({ scores: history, contacts: [], openCase: false, asOf: NO_CONTACT_AS_OF });
  return signals.consistentlyLow || signals.lowEngagement;
}

/** Each term week's scored students and whether each is disengaged then, from the term's score histories. */
export function disengagementByWeek(
  histories: ReadonlyMap<string, readonly ScorePoint[]>,
  termWeeks: readonly string[],
): DisengagementByWeek {
  const byWeek: DisengagementByWeek = termWeeks.map(() => new Map());
  const index = new Map(termWeeks.map((week, i) => [week, i]));
  for (const [studentId, points] of histories) {
    const own = points.filter((point) => index.has(point.week));
    own.forEach((point, j) => {
      byWeek[index.get(point.week) as number]?.set(studentId, isDisengaged(own.slice(0, j + 1)));
    });
  }
  return byWeek;
}

/**
 * The label of each candidate at term week k (1-based): students scored at k and not disengaged then →
 * 1 if disengaged in a scored week of k+1..k+4, 0 if scored there and never disengaged. Empty when the
 * term's window is incomplete.
 */
export function disengagementLabels(byWeek: DisengagementByWeek, k: number): Map<string, 0 | 1> {
  const labels = new Map<string, 0 | 1>();
  const window = byWeek.slice(k, k + DISENGAGEMENT_HORIZON_WEEKS);
  if (window.length < DISENGAGEMENT_HORIZON_WEEKS) return labels;
  for (const [studentId, now] of byWeek[k - 1] ?? []) {
    if (now) continue;
    const later = window.flatMap((week) => (week.has(studentId) ? [week.get(studentId) as boolean] : []));
    if (later.length > 0) labels.set(studentId, later.includes(true) ? 1 : 0);
  }
  return labels;
}

/**
 * The recovery outcome after an intervention (docs/rules.md): did the student's score recover 4–6 weeks after a
 * case was opened or a contact was logged? Pure: a score history in, a verdict out.
 *
 * - The baseline is the latest score in or before the intervention's ISO week.
 * - The follow-up is the mean of the scores in the 4th to 6th weeks after it (rounded).
 * - The change is follow-up − baseline: "recovered" at +50 or more (the recovery signal's size, docs/signals.md),
 *   "declined" at −50 or less, "unchanged" in between.
 * - Shared-cause weeks (the whole peer group fell together) are left out of both.
 * - "pending" until one of those follow-up weeks is scored and while they are not all past;
 *   "no-baseline" / "no-follow-up" when the data is not there.
 */
import { addWeeks, isoWeekOf, type IsoWeek } from '../domain/isoWeek.ts';

export const FOLLOW_UP_FROM_WEEKS = 4;
export const FOLLOW_UP_TO_WEEKS = 6;
export const RECOVERY_POINTS = 50;

export interface RecoveryPoint {
  week: IsoWeek;
  score: number;
  sharedCause: unknown;
}

export type RecoveryVerdict =
  'recovered' | 'unchanged' | 'declined' | 'pending' | 'no-baseline' | 'no-follow-up';

export interface RecoveryOutcome {
  verdict: RecoveryVerdict;
  interventionWeek: IsoWeek;
  baseline: number | null;
  followUp: number | null;
  /** followUp − baseline, when both are known. */
  change: number | null;
}

/** `history` oldest first; `asOfWeek` the latest week that could have been scored (decides "pending"). */
export function recoveryAfter(
  history: readonly RecoveryPoint[],
  interventionAt: Date,
  asOfWeek: IsoWeek,
): RecoveryOutcome {
  const interventionWeek = isoWeekOf(interventionAt);
  const from = addWeeks(interventionWeek, FOLLOW_UP_FROM_WEEKS);
  const to = addWeeks(interventionWeek, FOLLOW_UP_TO_WEEKS);
  let baseline: number | null = null;
  let sum = 0;
  let count = 0;
  for (const point of history) {
    if (point.sharedCause !== null && point.sharedCause !== undefined) continue;
    if (point.week <= interventionWeek) baseline = point.score;
    else if (point.week >= from && point.week <= to) {
      sum += point.score;
      count += 1;
    }
  }
  const followUp = count === 0 ? null : Math.round(sum / count);
  const base = { interventionWeek, baseline, followUp, change: null };
  if (baseline === null) return { ...base, verdict: 'no-baseline' };
  if (followUp === null) return { ...base, verdict: asOfWeek < to ? 'pending' : 'no-follow-up' };
  const change = followUp - baseline;
  const verdict =
    change >= RECOVERY_POINTS ? 'recovered' : change <= -RECOVERY_POINTS ? 'declined' : 'unchanged';
  return { ...base, change, verdict };
}

export interface RecoverySummary {
  interventions: number;
  /** Those with a baseline and a follow-up. */
  measured: number;
  recovered: number;
  unchanged: number;
  declined: number;
  pending: number;
  /** No baseline or no follow-up score. */
  unmeasurable: number;
  /** Share of the measured that recovered, 0..1 (null when none measured). */
  recoveredShare: number | null;
  /** Median change in points over the measured (null when none). */
  medianChange: number | null;
}

/** The aggregate over many outcomes: counts and the median change, never a named student. */
export function summariseRecovery(outcomes: readonly RecoveryOutcome[]): RecoverySummary {
  const changes = outcomes
    .map((outcome) => outcome.change)
    .filter((change): change is number => change !== null)
    .sort((a, b) => a - b);
  const count = (verdict: RecoveryVerdict) =>
    outcomes.filter((outcome) => outcome.verdict === verdict).length;
  const middle = changes.length >> 1;
  const median =
    changes.length === 0
      ? null
      : changes.length % 2 === 1
        ? (changes[middle] as number)
        : ((changes[middle - 1] as number) + (changes[middle] as number)) / 2;
  const recovered = count('recovered');
  return {
    interventions: outcomes.length,
    measured: changes.length,
    recovered,
    unchanged: count('unchanged'),
    declined: count('declined'),
    pending: count('pending'),
    unmeasurable: count('no-baseline') + count('no-follow-up'),
    recoveredShare: changes.length === 0 ? null : recovered / changes.length,
    medianChange: median,
  };
}

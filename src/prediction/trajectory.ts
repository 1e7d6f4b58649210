/**
 * A student-week's trajectory (issue 17), as a pure function of what the prediction step knows:
 * - "Insufficient data" while the student has fewer than `minHistoryWeeks` scored weeks (default 8);
 * - else "At Risk" when the model flags them (calibrated probability ≥ its operating threshold);
 * - else "Declining", "Rising" or "Stable" from two signals over the last four weeks: the change in the
 *   calibrated risk (now minus four weeks ago) and the least-squares slope of the score (points per week).
 *   A signal is "worse" beyond its threshold one way and "better" beyond it the other way. Declining: one
 *   signal worse and the other not better; Rising: one better and the other not worse; otherwise Stable.
 * See docs/prediction.md, "Trajectory".
 */

export const TRAJECTORIES = ['Insufficient data', 'At Risk', 'Declining', 'Rising', 'Stable'] as const;
export type Trajectory = (typeof TRAJECTORIES)[number];

export const DEFAULT_MIN_HISTORY_WEEKS = 8;
/** A rise (or fall) in calibrated risk over four weeks of at least this much counts. */
export const RISK_CHANGE_THRESHOLD = 0.05;
/** A score slope of at least this many points per week (either way) counts: 60 points over four weeks. */
export const SCORE_SLOPE_THRESHOLD = 15;

export interface TrajectoryInput {
  /** Weeks the student has been scored in so far. */
  scoredWeeks: number;
  atRisk: boolean;
  /** Calibrated risk now minus four weeks ago; null when there is no risk four weeks ago. */
  riskChange4w: number | null;
  /** Least-squares score slope over the last four weeks, points per week; null with fewer than 2 scores. */
  scoreSlope4w: number | null;
}

type Direction = -1 | 0 | 1;

/** +1 when the signal says worse, −1 better, 0 neither. */
function worseness(value: number | null, threshold: number, higherIsWorse: boolean): Direction {
  if (value === null || !Number.isFinite(value)) return 0;
  const signed = higherIsWorse ? value : -value;
  return signed >= threshold ? 1 : signed <= -threshold ? -1 : 0;
}

export function trajectoryOf(
  input: TrajectoryInput,
  minHistoryWeeks: number = DEFAULT_MIN_HISTORY_WEEKS,
): Trajectory {
  if (input.scoredWeeks < minHistoryWeeks) return 'Insufficient data';
  if (input.atRisk) return 'At Risk';
  const risk = worseness(input.riskChange4w, RISK_CHANGE_THRESHOLD, true);
  const score = worseness(input.scoreSlope4w, SCORE_SLOPE_THRESHOLD, false);
  if ((risk === 1 && score !== -1) || (score === 1 && risk !== -1)) return 'Declining';
  if ((risk === -1 && score !== 1) || (score === -1 && risk !== 1)) return 'Rising';
  return 'Stable';
}

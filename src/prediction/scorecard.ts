/**
 * The scorecard's headline figures of a stored model (issue 17), shared by the admin chat card `model` and
 * the governance summary line: which version, trained on what, and at the headline week (week 8, or the
 * evaluated week nearest it) ROC AUC, PR AUC, Brier, precision and recall at the operating threshold, as
 * measured on its latest evaluated term (cross-fitted by student, trainModel.ts); from which week its
 * predictions are useful; and the pooled calibration table for the chart. Pure.
 */
import type { CalibrationBin } from './metrics.ts';
import type { ModelDocument, WeekMetrics } from './modelDocument.ts';

/** The week the scorecard leads with, when the model was evaluated on it. */
export const HEADLINE_WEEK = 8;
/**
 * ROC AUC from which predictions count as useful: 0.7 is the usual floor for "acceptable" discrimination
 * (Hosmer and Lemeshow), not a figure tuned to any data set.
 */
export const USEFUL_AUC = 0.7;

/** `HEADLINE_WEEK` when evaluated, else the evaluated week nearest to it (the earlier on a tie); null if none. */
export function headlineWeek(weeks: readonly number[]): number | null {
  let best: number | null = null;
  for (const week of [...weeks].sort((a, b) => a - b)) {
    if (best === null || Math.abs(week - HEADLINE_WEEK) < Math.abs(best - HEADLINE_WEEK)) best = week;
  }
  return best;
}

/**
 * The first evaluated week from which ROC AUC is at least USEFUL_AUC in that week and every later evaluated
 * week; null when the last evaluated week falls short (or nothing was evaluated).
 */
export function usefulFromWeek(perWeek: readonly Pick<WeekMetrics, 'week' | 'auc'>[]): number | null {
  let from: number | null = null;
  for (const week of [...perWeek].sort((a, b) => b.week - a.week)) {
    if (week.auc === null || week.auc < USEFUL_AUC) break;
    from = week.week;
  }
  return from;
}

export interface Scorecard {
  versionId: string;
  status: ModelDocument['status'];
  trainedOn: { terms: string[]; fromWeek: number; toWeek: number };
  /** The term the figures were measured on (cross-fitted by student). */
  evaluatedOn: string;
  /** The headline week's figures, or null when no week was evaluated. */
  headline: WeekMetrics | null;
  operatingThreshold: number;
  usefulFromWeek: number | null;
  evaluatedWeeks: number[];
  calibration: CalibrationBin[];
}

export function scorecardOf(versionId: string, document: ModelDocument): Scorecard {
  const { perWeek } = document.metrics;
  const week = headlineWeek(perWeek.map((w) => w.week));
  return {
    versionId,
    status: document.status,
    trainedOn: { ...document.trainingWindow },
    evaluatedOn: document.trainingWindow.terms.at(-1) as string,
    headline: perWeek.find((w) => w.week === week) ?? null,
    operatingThreshold: document.operatingThreshold,
    usefulFromWeek: usefulFromWeek(perWeek),
    evaluatedWeeks: perWeek.map((w) => w.week),
    calibration: document.metrics.calibration,
  };
}

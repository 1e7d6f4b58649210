/**
 * `engage model report`'s reading of a store: the two most recent terms with recorded outcomes; the model is
 * trained on the earlier term's weeks 4..12 (dataset.ts) and reported per chosen term week on the later one.
 */
import type { Repositories } from '../repositories/index.ts';
import { buildDataset, reportWeeks, trainRiskModel, type WeekReport } from './dataset.ts';
import type { FairnessTable } from './fairness.ts';
import { fairnessTables, type AuditAttributeReader } from './fairnessReport.ts';
import { loadTerm, termsWithOutcomes } from './loadTerm.ts';

export const TRAINING_WEEKS = [4, 5, 6, 7, 8, 9, 10, 11, 12];
export const REPORT_WEEKS = [4, 6, 8, 10, 12];

export interface ModelReport {
  trainingTerm: string;
  testTerm: string;
  trainingWeeks: number[];
  trainingRows: number;
  trainingBaseRate: number;
  lambda: number;
  calibration: 'isotonic, two-fold cross-fitted by student';
  /** Calibrated probability at or above which a student is flagged (chosen on the training term). */
  operatingThreshold: number;
  featureNames: string[];
  weeks: WeekReport[];
  /** Per reported week, flag rate, precision and recall by group (fairnessReport.ts). */
  fairness: FairnessTable[];
}

export class NotEnoughTermsError extends Error {}

export async function modelReport(
  repos: Repositories,
  options: {
    weeks?: readonly number[];
    trainingWeeks?: readonly number[];
    /** The audit-only attributes, for the fairness table; without it only the student record's groupings. */
    auditAttributes?: AuditAttributeReader;
  } = {},
): Promise<ModelReport> {
  const terms = await termsWithOutcomes(repos);
  if (terms.length < 2) {
    throw new NotEnoughTermsError(
      `a model report needs two terms with recorded outcomes (found ${terms.length})`,
    );
  }
  const [trainingTerm, testTerm] = terms.slice(-2) as [string, string];
  const trainingWeeks = [...(options.trainingWeeks ?? TRAINING_WEEKS)];
  const weeks = [...(options.weeks ?? REPORT_WEEKS)];
  const maxWeeks = Math.max(...trainingWeeks, ...weeks);
  const training = await loadTerm(repos, trainingTerm, { maxWeeks });
  const test = await loadTerm(repos, testTerm, { maxWeeks });
  const set = buildDataset(training.weeks, training.students, trainingWeeks);
  const risk = trainRiskModel(set);
  const held = buildDataset(test.weeks, test.students, weeks, set.sourceIds);
  // Only the weeks the later term has scored.
  const reported = weeks.filter((k) => k <= test.weeks.length);
  return {
    trainingTerm,
    testTerm,
    trainingWeeks: risk.trainingWeeks,
    trainingRows: set.rows.length,
    trainingBaseRate: risk.trainingBaseRate,
    lambda: risk.lambda,
    calibration: 'isotonic, two-fold cross-fitted by student',
    operatingThreshold: risk.operatingThreshold,
    featureNames: risk.featureNames,
    weeks: reportWeeks(risk, held, reported),
    fairness: await fairnessTables(repos, options.auditAttributes ?? null, risk, held, testTerm, reported),
  };
}

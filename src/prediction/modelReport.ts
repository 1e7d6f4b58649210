/**
 * `engage model report`'s reading of a store: the two most recent terms the target can be measured on
 * (targetSets.ts: with recorded outcomes, or scored far enough for future disengagement); the model is
 * trained on the earlier term's weeks 4..12 (dataset.ts) and reported per chosen term week on the later one.
 */
import type { Repositories } from '../repositories/index.ts';
import { reportWeeks, trainRiskModel, type WeekReport } from './dataset.ts';
import type { FairnessTable } from './fairness.ts';
import { fairnessTables, type AuditAttributeReader } from './fairnessReport.ts';
import { loadTargetSet, termsForTarget } from './targetSets.ts';
import type { ModelTarget } from './targets.ts';

export const TRAINING_WEEKS = [4, 5, 6, 7, 8, 9, 10, 11, 12];
export const REPORT_WEEKS = [4, 6, 8, 10, 12];

export interface ModelReport {
  target: ModelTarget;
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
    target?: ModelTarget;
    weeks?: readonly number[];
    trainingWeeks?: readonly number[];
    /** The audit-only attributes, for the fairness table; without it only the student record's groupings. */
    auditAttributes?: AuditAttributeReader;
  } = {},
): Promise<ModelReport> {
  const target = options.target ?? 'outcome';
  const trainingWeeks = [...(options.trainingWeeks ?? TRAINING_WEEKS)];
  const weeks = [...(options.weeks ?? REPORT_WEEKS)];
  const terms = await termsForTarget(repos, target, Math.min(...trainingWeeks));
  if (terms.length < 2) {
    throw new NotEnoughTermsError(
      target === 'outcome'
        ? `a model report needs two terms with recorded outcomes (found ${terms.length})`
        : `a future-disengagement report needs two terms scored through week ${Math.min(...trainingWeeks) + 4} (found ${terms.length})`,
    );
  }
  const [trainingTerm, testTerm] = terms.slice(-2) as [string, string];
  const training = await loadTargetSet(repos, trainingTerm, target, trainingWeeks);
  const set = training.set;
  const risk = trainRiskModel(set);
  const test = await loadTargetSet(repos, testTerm, target, weeks, set.sourceIds);
  // Only the weeks the later term has rows for (scored; for future disengagement, four weeks ahead too).
  const reported = weeks.filter((k) => test.set.termWeeks.includes(k));
  return {
    target,
    trainingTerm,
    testTerm,
    trainingWeeks: risk.trainingWeeks,
    trainingRows: set.rows.length,
    trainingBaseRate: risk.trainingBaseRate,
    lambda: risk.lambda,
    calibration: 'isotonic, two-fold cross-fitted by student',
    operatingThreshold: risk.operatingThreshold,
    featureNames: risk.featureNames,
    weeks: reportWeeks(risk, test.set, reported),
    fairness: await fairnessTables(
      repos,
      options.auditAttributes ?? null,
      risk,
      test.set,
      testTerm,
      reported,
    ),
  };
}

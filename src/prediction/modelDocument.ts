/**
 * The versioned model document stored for each trained risk model (zod schema), and the promotion rule
 * isAtLeastAsGood: a candidate may replace the active model when, over the weeks both were evaluated on,
 * its mean AUC is lower by at most 0.005 and its mean Brier score higher by at most 0.005.
 */
import { z } from 'zod';

const finite = z.number().finite();
const probability = z.number().min(0).max(1);

export const logisticModelSchema = z
  .object({
    kind: z.literal('logistic'),
    featureNames: z.array(z.string().min(1)),
    means: z.array(finite),
    sds: z.array(finite.positive()),
    coefficients: z.array(finite),
    intercept: finite,
    lambda: finite.nonnegative(),
    iterations: z.number().int().nonnegative(),
    converged: z.boolean(),
  })
  .refine(
    (m) =>
      m.means.length === m.featureNames.length &&
      m.sds.length === m.featureNames.length &&
      m.coefficients.length === m.featureNames.length,
    'means, sds and coefficients must have one entry per feature',
  );

export const calibratorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('platt'), a: finite, b: finite }),
  z
    .object({
      kind: z.literal('isotonic'),
      x: z.array(finite).min(1),
      y: z.array(probability).min(1),
      weight: z.array(finite.positive()).min(1),
    })
    .refine((c) => c.x.length === c.y.length && c.x.length === c.weight.length, 'x, y and weight must align')
    .refine((c) => c.x.every((v, i) => i === 0 || v > c.x[i - 1]!), 'x must be strictly increasing')
    .refine((c) => c.y.every((v, i) => i === 0 || v >= c.y[i - 1]!), 'y must be non-decreasing'),
]);

export const calibrationBinSchema = z.object({
  lower: probability,
  upper: probability,
  count: z.number().int().nonnegative(),
  meanPredicted: probability.nullable(),
  observedRate: probability.nullable(),
});

export const weekMetricsSchema = z.object({
  /** Week of term the predictions were made in. */
  week: z.number().int(),
  count: z.number().int().nonnegative(),
  baseRate: probability,
  auc: probability.nullable(),
  prAuc: probability.nullable(),
  brier: finite.nonnegative(),
  /** Flagging at the operating threshold (documents trained before the scorecard have none). */
  flagged: z.number().int().nonnegative().optional(),
  precision: probability.nullable().optional(),
  recall: probability.nullable().optional(),
});

export const modelMetricsSchema = z.object({
  perWeek: z.array(weekMetricsSchema),
  /** Pooled over all evaluated student-weeks. */
  auc: probability.nullable(),
  prAuc: probability.nullable(),
  brier: finite.nonnegative(),
  baseRate: probability,
  calibration: z.array(calibrationBinSchema),
});

export const MODEL_TARGETS = ['outcome', 'future-disengagement'] as const;
export const MODEL_STATUSES = ['candidate', 'active', 'retired'] as const;

export const modelDocumentSchema = z
  .object({
    /** Document format version, bumped when this schema changes incompatibly. */
    schemaVersion: z.literal(1),
    versionId: z.string().min(1),
    target: z.enum(MODEL_TARGETS),
    featureNames: z.array(z.string().min(1)).min(1),
    model: logisticModelSchema,
    calibrator: calibratorSchema,
    trainingWindow: z.object({
      terms: z.array(z.string().min(1)).min(1),
      fromWeek: z.number().int(),
      toWeek: z.number().int(),
    }),
    metrics: modelMetricsSchema,
    /** Calibrated probability at or above which a student-week is flagged. */
    operatingThreshold: probability,
    createdAt: z.iso.datetime({ offset: true }),
    status: z.enum(MODEL_STATUSES),
  })
  .refine(
    (d) =>
      d.featureNames.length === d.model.featureNames.length &&
      d.featureNames.every((f, i) => f === d.model.featureNames[i]),
    { message: 'featureNames must equal the fitted model’s feature names', path: ['featureNames'] },
  )
  .refine((d) => d.trainingWindow.fromWeek <= d.trainingWindow.toWeek, {
    message: 'trainingWindow.fromWeek must not be after toWeek',
    path: ['trainingWindow'],
  });

export type ModelDocument = z.infer<typeof modelDocumentSchema>;
export type ModelMetrics = z.infer<typeof modelMetricsSchema>;
export type WeekMetrics = z.infer<typeof weekMetricsSchema>;

/** Validates an unknown value (e.g. read from the store) as a model document; throws a ZodError if invalid. */
export function parseModelDocument(value: unknown): ModelDocument {
  return modelDocumentSchema.parse(value);
}

export const PROMOTION_AUC_TOLERANCE = 0.005;
export const PROMOTION_BRIER_TOLERANCE = 0.005;

export interface PromotionComparison {
  /** Weeks with a non-null AUC for both models. */
  weeks: number[];
  candidateMeanAuc: number | null;
  currentMeanAuc: number | null;
  candidateMeanBrier: number | null;
  currentMeanBrier: number | null;
  promote: boolean;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Compares two models' metrics week by week. Only weeks both evaluated with a defined AUC count (so both
 * means cover the same weeks); with no such week, nothing is promoted. Promote when
 *   mean AUC(candidate)   ≥ mean AUC(current)   − 0.005, and
 *   mean Brier(candidate) ≤ mean Brier(current) + 0.005.
 */
export function comparePromotion(candidate: ModelMetrics, current: ModelMetrics): PromotionComparison {
  const cur = new Map(current.perWeek.filter((w) => w.auc !== null).map((w) => [w.week, w]));
  const paired = candidate.perWeek
    .filter((w) => w.auc !== null && cur.has(w.week))
    .map((w) => ({ cand: w, cur: cur.get(w.week)! }))
    .sort((a, b) => a.cand.week - b.cand.week);
  if (paired.length === 0)
    return {
      weeks: [],
      candidateMeanAuc: null,
      currentMeanAuc: null,
      candidateMeanBrier: null,
      currentMeanBrier: null,
      promote: false,
    };
  const candidateMeanAuc = mean(paired.map((p) => p.cand.auc!));
  const currentMeanAuc = mean(paired.map((p) => p.cur.auc!));
  const candidateMeanBrier = mean(paired.map((p) => p.cand.brier));
  const currentMeanBrier = mean(paired.map((p) => p.cur.brier));
  // A tiny slack so that differences of exactly the tolerance pass despite floating-point rounding.
  const slack = 1e-12;
  return {
    weeks: paired.map((p) => p.cand.week),
    candidateMeanAuc,
    currentMeanAuc,
    candidateMeanBrier,
    currentMeanBrier,
    promote:
      candidateMeanAuc >= currentMeanAuc - PROMOTION_AUC_TOLERANCE - slack &&
      candidateMeanBrier <= currentMeanBrier + PROMOTION_BRIER_TOLERANCE + slack,
  };
}

/** The promotion rule as a yes/no (see comparePromotion). */
export function isAtLeastAsGood(candidateMetrics: ModelMetrics, currentMetrics: ModelMetrics): boolean {
  return comparePromotion(candidateMetrics, currentMetrics).promote;
}

/**
 * A stored model document as the predict step uses it: the RiskModel (dataset.ts) it was built from, with
 * the sources its feature layout names. The layout is checked against the FeatureBuilder's, so a model
 * trained with other features is refused with a clear message rather than mis-read.
 */
import type { RiskModel } from './dataset.ts';
import { featureNames } from './features.ts';
import type { ModelDocument } from './modelDocument.ts';

const SOURCE_PREFIX = 'level_log1p:';

/** The sources a feature layout names, in layout order. */
export function sourcesOfFeatures(names: readonly string[]): string[] {
  return names
    .filter((name) => name.startsWith(SOURCE_PREFIX))
    .map((name) => name.slice(SOURCE_PREFIX.length));
}

/** The stored model's features are not the ones this version's FeatureBuilder makes. */
export class FeatureLayoutError extends Error {}

export function riskModelOf(document: ModelDocument): RiskModel {
  const sourceIds = sourcesOfFeatures(document.featureNames);
  const expected = featureNames(sourceIds);
  if (
    expected.length !== document.featureNames.length ||
    expected.some((n, i) => n !== document.featureNames[i])
  ) {
    throw new FeatureLayoutError(
      `model ${document.versionId} was trained with a feature layout this version cannot build; train a new model`,
    );
  }
  return {
    featureNames: document.featureNames,
    sourceIds,
    model: document.model,
    calibrator: document.calibrator,
    operatingThreshold: document.operatingThreshold,
    trainingBaseRate: document.metrics.baseRate,
    trainingWeeks: [],
    lambda: document.model.lambda,
  };
}

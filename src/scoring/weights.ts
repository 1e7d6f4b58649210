/**
 * Effective source weights for one week. A category's weight is shared among its sources in force in
 * proportion to their source weights: w(s) = categoryWeight(c) × sourceWeight(s) / Σ sourceWeight over the
 * category's sources in force. A category with no source in force contributes nothing, so the composite is
 * always a mean over what exists; coverage is measured against the total of these weights.
 */
import type { Source } from '../domain/model.ts';
import type { ScoringConfig } from './config.ts';

function sourceWeight(config: ScoringConfig, sourceId: string): number {
  return config.sourceWeights[sourceId] ?? 1;
}

/** Effective weight per source, in the order given (0 where the source or its category weighs nothing). */
export function effectiveWeights(sources: readonly Source[], config: ScoringConfig): number[] {
  const categoryTotals = new Map<string, number>();
  for (const source of sources) {
    categoryTotals.set(
      source.category,
      (categoryTotals.get(source.category) ?? 0) + sourceWeight(config, source.id),
    );
  }
  return sources.map((source) => {
    const total = categoryTotals.get(source.category) ?? 0;
    return total > 0
      ? (config.categoryWeights[source.category] * sourceWeight(config, source.id)) / total
      : 0;
  });
}

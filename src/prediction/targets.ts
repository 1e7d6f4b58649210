/**
 * What a risk model predicts (its target) and how every surface words it (docs/prediction.md, "Targets"):
 * - outcome: the student withdraws or fails the term (needs recorded outcomes);
 * - future-disengagement: a student not consistently low nor low-engagement now becomes so within the next
 *   four term weeks (every institution has this from its own scored history).
 */
import { MODEL_TARGETS } from './modelDocument.ts';

export type ModelTarget = (typeof MODEL_TARGETS)[number];

/** Term weeks ahead the future-disengagement target looks. */
export const DISENGAGEMENT_HORIZON_WEEKS = 4;

/** The event a model's probability is of, in plain words: "risk of …". */
export const TARGET_EVENT: Record<ModelTarget, string> = {
  outcome: 'withdrawing or failing',
  'future-disengagement': 'becoming disengaged within four weeks',
};

/** "62% risk of withdrawing or failing": the probability with the model's event. */
export function riskWording(target: ModelTarget | undefined): string {
  return `risk of ${TARGET_EVENT[target ?? 'outcome']}`;
}

export function isModelTarget(value: string): value is ModelTarget {
  return (MODEL_TARGETS as readonly string[]).includes(value);
}

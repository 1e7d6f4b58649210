/**
 * Whether a student's decline comes only from a suspect feed (docs/signals.md, "Declines that are the
 * feed's"): the student is declining this week, and would not be if each affected source's contribution
 * to this week's composite were left at its level of the previous scored week — that source's normal
 * score and its share of the composite as they were then, the other sources as they are, compared with
 * the same peer group (its mean and spread this week). Pure: the stored breakdowns in, a yes or no out.
 */

/** What the counterfactual reads of one week's stored score (WeeklyScore's breakdown satisfies it). */
export interface BreakdownWeek {
  sourceIds: readonly string[];
  normalScores: readonly (number | null)[];
  /** Shares of the composite, summing to 1 over the sources the student had. */
  weights: readonly number[];
}

export interface FeedOnlyInput {
  /** This week's score and composite, and the four-week change the declining signal read. */
  score: number;
  composite: number;
  fourWeekChange: number;
  breakdown: BreakdownWeek;
  /** The previous scored week's breakdown; without one nothing is put down to the feed. */
  previous: BreakdownWeek | null;
  /** The peer group this week: score = clamp(round(500 + scale · (composite − mean) / sd)). */
  group: { compositeMean: number; compositeSd: number };
  scale: number;
  /** The signal's threshold: declining when the four-week change is below −declineDrop. */
  declineDrop: number;
  /** The sources whose data this week is suspect. */
  affected: readonly string[];
}

/** The composite with each affected source put back at its previous week's share and normal score. */
export function compositeWithPreviousLevels(
  composite: number,
  breakdown: BreakdownWeek,
  previous: BreakdownWeek,
  affected: readonly string[],
): number {
  let value = composite;
  for (const sourceId of affected) {
    const now = breakdown.sourceIds.indexOf(sourceId);
    const before = previous.sourceIds.indexOf(sourceId);
    const previousScore = before < 0 ? null : (previous.normalScores[before] ?? null);
    const previousShare = before < 0 ? 0 : (previous.weights[before] ?? 0);
    if (previousScore === null || previousShare <= 0) continue;
    const share = now < 0 ? 0 : (breakdown.weights[now] ?? 0);
    const normal = now < 0 ? null : (breakdown.normalScores[now] ?? null);
    if (share >= 1) {
      // The affected source was all the student had this week: its old level is all there is.
      value = previousScore;
      continue;
    }
    // The composite of the other sources alone, then the affected one mixed back in at its old share.
    const others = share > 0 && normal !== null ? (value - share * normal) / (1 - share) : value;
    value = (1 - previousShare) * others + previousShare * previousScore;
  }
  return value;
}

/** The score the composite would have had against this week's peer group. */
export function scoreOfComposite(composite: number, input: Pick<FeedOnlyInput, 'group' | 'scale'>): number {
  const { compositeMean, compositeSd } = input.group;
  const z = compositeSd === 0 ? 0 : (composite - compositeMean) / compositeSd;
  return Math.min(1000, Math.max(0, Math.round(500 + input.scale * z)));
}

export function declineOnlyFromFeed(input: FeedOnlyInput): boolean {
  if (input.fourWeekChange >= -input.declineDrop) return false;
  if (!input.previous || input.affected.length === 0) return false;
  const composite = compositeWithPreviousLevels(
    input.composite,
    input.breakdown,
    input.previous,
    input.affected,
  );
  const counterfactual = scoreOfComposite(composite, input);
  return input.fourWeekChange + (counterfactual - input.score) >= -input.declineDrop;
}

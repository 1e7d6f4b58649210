/**
 * Signal thresholds (docs/signals.md) with the shipped defaults: declining (> 100 points over four scored weeks),
 * consistently low (< 350 for 3+ weeks), attention (< 350), significant concern (< 300), priority contact
 * (no staff contact in 14 days), recovery (+50 over two weeks), low or no engagement (2 consecutive weeks of
 * no or very low raw activity) and the trend arrow's dead band.
 */
import { z } from 'zod';

const points = z.number().finite().nonnegative();
const weeks = z.number().int().min(1);

export const signalConfigSchema = z.object({
  /** Declining: the score fell by more than this many points… */
  declineDrop: points.default(100),
  /** …from the score this many scored weeks before the latest. */
  declineWeeks: weeks.default(4),
  /** Consistently low: below `lowScore` for at least `lowWeeks` consecutive scored weeks. */
  lowScore: points.default(350),
  lowWeeks: weeks.default(3),
  /** Attention below this score; significant concern below `concernBelow`. */
  attentionBelow: points.default(350),
  concernBelow: points.default(300),
  /** Priority contact needs no staff contact within this many days. */
  contactWindowDays: weeks.default(14),
  /** Recovering: up by at least `recoveryGain` points over `recoveryWeeks` scored weeks. */
  recoveryGain: points.default(50),
  recoveryWeeks: weeks.default(2),
  /** …after a concern (attention, declining or low activity) in one of this many scored weeks before. */
  concernWeeks: weeks.default(4),
  /** Trend arrow: a four-week change within ± this many points is flat. */
  trendDeadband: points.default(25),
  lowEngagement: z
    .object({
      /** Consecutive scored weeks of low activity that make the signal. */
      weeks,
      /** "No activity": total raw occurrences at or below this… */
      maxActivity: z.number().finite().nonnegative(),
      /** …or "very low": in the bottom share of the peer group (mid-rank activity percentile at or below). */
      bottomShare: z.number().min(0).max(1),
    })
    .default({ weeks: 2, maxActivity: 0, bottomShare: 0.05 }),
});

export type SignalConfig = z.output<typeof signalConfigSchema>;

export const DEFAULT_SIGNAL_CONFIG: SignalConfig = signalConfigSchema.parse({});

/** Validates a (partial) signal configuration, filling omitted fields with defaults; throws if invalid. */
export function parseSignalConfig(input: unknown): SignalConfig {
  return signalConfigSchema.parse(input);
}

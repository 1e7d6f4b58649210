/**
 * Scoring configuration (docs/score.md): the method, category and per-source weights, the missing-data mode, the scale
 * factor, peer-group keys and minimum size, the shared-cause threshold and when missing data degrades
 * quality. The zod schema fills every omitted field with the shipped default.
 */
import { z } from 'zod';

/** Student attributes a peer group may be keyed on; cohort, entryBand and studyMode make custom groups. */
export const PEER_GROUP_KEYS = [
  'programme',
  'faculty',
  'yearOfStudy',
  'cohort',
  'entryBand',
  'studyMode',
] as const;
export type PeerGroupKey = (typeof PEER_GROUP_KEYS)[number];

const weight = z.number().finite().nonnegative();

/**
 * How a source's weekly measures become the value compared within the peer group (docs/score.md):
 * - "recent-log" (method 2, the default): an exponentially weighted level of the student's recent term
 *   weeks, compared on a log scale (z of log(1 + level)), so no activity sits at the bottom and one quiet
 *   week moves a student less than a quiet month;
 * - "weekly-rank" (method 1): this week's count alone, as a mid-rank percentile through the inverse normal
 *   CDF. Kept so weeks scored with it re-score the same.
 */
export const SCORE_METHODS = ['recent-log', 'weekly-rank'] as const;
export type ScoreMethod = (typeof SCORE_METHODS)[number];

/** The method of a stored configuration written before methods were recorded. */
export const FIRST_SCORE_METHOD: ScoreMethod = 'weekly-rank';

export const scoringConfigSchema = z.object({
  /** Relative weight of each category; a category's weight is shared among its sources in force. */
  categoryWeights: z
    .object({ attendance: weight, vle: weight, library: weight, other: weight })
    .refine(
      (w) => w.attendance + w.vle + w.library + w.other > 0,
      'at least one category weight must be positive',
    )
    .default({ attendance: 40, vle: 30, library: 20, other: 10 }),
  /** Relative weight of a source within its category, by source id; a source not listed weighs 1. */
  sourceWeights: z.record(z.string(), weight).default({}),
  /** exclude: drop a missing source and renormalise; impute: carry the previous known measure forward. */
  missingData: z.enum(['exclude', 'impute']).default('exclude'),
  method: z.enum(SCORE_METHODS).default('recent-log'),
  /** recent-log: after this many term weeks an earlier week's measure keeps half its weight in the level. */
  recentHalfLifeWeeks: z.number().finite().positive().max(52).default(4),
  /** score = 500 + scale · z, before rounding and clamping to 0..1000. */
  scale: z.number().finite().positive().default(100),
  /** Peer groups with fewer scorable students than this are merged upward. */
  minPeerGroupSize: z.number().int().min(1).default(10),
  /** Attributes that define a peer group, most significant first. */
  peerGroupKeys: z
    .array(z.enum(PEER_GROUP_KEYS))
    .refine((keys) => new Set(keys).size === keys.length, 'peer-group keys must not repeat')
    .default(['programme', 'yearOfStudy']),
  sharedCause: z
    .object({
      /** A group whose activity level falls to this share of its baseline or below is a shared cause. */
      threshold: z.number().gt(0).lt(1),
      /** The baseline is the median level of up to this many previous weeks… */
      baselineWeeks: z.number().int().min(1),
      /** …and needs at least this many of them. */
      minBaselineWeeks: z.number().int().min(1),
    })
    .refine((s) => s.minBaselineWeeks <= s.baselineWeeks, 'minBaselineWeeks must not exceed baselineWeeks')
    .default({ threshold: 0.5, baselineWeeks: 4, minBaselineWeeks: 2 }),
  /** A source missing for this many consecutive weeks for a student degrades quality visibly. */
  degradedAfterMissingWeeks: z.number().int().min(1).default(3),
});

export type ScoringConfig = z.output<typeof scoringConfigSchema>;
export type ScoringConfigInput = z.input<typeof scoringConfigSchema>;

export const DEFAULT_SCORING_CONFIG: ScoringConfig = scoringConfigSchema.parse({});

/** Validates a (partial) configuration, filling omitted fields with defaults; throws a ZodError if invalid. */
export function parseScoringConfig(input: unknown): ScoringConfig {
  return scoringConfigSchema.parse(input);
}

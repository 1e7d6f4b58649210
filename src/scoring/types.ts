/**
 * The shapes scoreWeek takes and gives: one ISO week's students, sources, measures and configuration in;
 * every eligible student's WeeklyScore, the students left unscored and why, and each peer group's summary
 * (medians, composite mean and sd, activity level, shared cause) out.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { SharedCause, Source, Student, WeeklyMeasure, WeeklyScore } from '../domain/model.ts';
import type { ScoringConfig } from './config.ts';
import type { SourceActivityWeek } from './dataGaps.ts';
import type { ActivityHistory } from './sharedCause.ts';

export interface ScoreWeekInput {
  week: IsoWeek;
  students: readonly Student[];
  /** The sources in force this week (enabled, and from an earlier or this week). */
  sources: readonly Source[];
  /** This week's measures; those of students or sources not given here are ignored. */
  measures: readonly WeeklyMeasure[];
  /** More of this week's measures, column-packed as the measures repository stores them (read without
   * making an object per measure); the same rules apply as to `measures`. */
  measureColumns?: readonly MeasureColumns[];
  /**
   * For missing-data mode "impute": earlier measures to carry forward (the latest week per student ×
   * source is used, so a few recent weeks may be passed as they are). Ignored in "exclude" mode.
   */
  previousMeasures?: readonly WeeklyMeasure[];
  /**
   * recent-log: each student's levels at the previous term week of the same term (as the last run stored
   * them); none = the term's first week, or the method's first run.
   */
  recent?: RecentLevels | null;
  /** recent-log: earlier term weeks' per-source active shares (from earlier results), for data gaps. */
  sourceActivity?: readonly SourceActivityWeek[];
  /** Earlier weeks' peer-group activity levels (from earlier results' peerGroups); none = no shared-cause check. */
  activityHistory?: ActivityHistory;
  config: ScoringConfig;
}

/** Measures of one week for a set of students, one column per source: index i is `studentIds[i]`. */
export interface MeasureColumns {
  studentIds: readonly string[];
  sources: readonly {
    sourceId: string;
    /** NaN where the source gave the student no measure. */
    counts: Float64Array;
    /** Sessions attended and scheduled (NaN where none were given); null for a source without sessions. */
    attended: Float64Array | null;
    scheduled: Float64Array | null;
  }[];
}

/** Per student × source (student-major): the recent level and the decayed count of weeks behind it. */
export interface RecentLevels {
  studentIds: readonly string[];
  sourceIds: readonly string[];
  /** NaN where the student had no level for the source. */
  levels: Float64Array;
  weights: Float64Array;
}

export type UnscoredReason = 'excluded-status' | 'no-data';

/** A student given to scoreWeek who got no score, so the caller can record the gap. */
export interface UnscoredStudent {
  studentId: string;
  week: IsoWeek;
  reason: UnscoredReason;
  /** For "no-data": every source in force (all missing); empty for an excluded status. */
  sourcesMissing: readonly string[];
}

/** One peer group's week: what its members were compared against. */
export interface PeerGroupWeek {
  week: IsoWeek;
  peerGroup: string;
  /** 0 = a group formed by the configured keys; higher = a rung of the merge ladder. */
  rung: number;
  /** Own-group keys of the students merged into this group (empty when none were). */
  mergedFrom: string[];
  /** Scorable students in the group's population (the comparison set). */
  population: number;
  /** Students whose score was computed against this group. */
  scored: number;
  /** Mean and population sd of the composite over the population (z = (composite − mean) / sd). */
  compositeMean: number;
  compositeSd: number;
  /** Median measure per source id over the students with a value (null when none had one). */
  medians: Record<string, number | null>;
  /**
   * The shared-cause level: the share of members whose activity held up to at least half their own recent
   * level (method recent-log), or the median per-student raw activity (weekly-rank).
   */
  activityLevel: number;
  sharedCause: SharedCause | null;
}

export interface WeekScoreResult {
  week: IsoWeek;
  /** The method the week was scored with. */
  method: ScoringConfig['method'];
  scores: WeeklyScore[];
  unscored: UnscoredStudent[];
  peerGroups: PeerGroupWeek[];
  /** Sources treated as missing for everyone this week: they delivered (next to) nothing (dataGaps.ts). */
  dataGaps: string[];
  /** Per source in force, the share of eligible students with any activity this week (before gaps). */
  sourceActiveShares: Record<string, number>;
  sharedCauses: SharedCause[];
}

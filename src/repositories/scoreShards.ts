/**
 * The stored form of one week's scores of one student shard (see studentShards.ts): the shard's student ids,
 * every per-student number as a packed column (packedColumns.ts), the per-source breakdown flattened
 * student-major over the week's sources, and peer-group keys and shared causes listed once and referred to
 * by position. `pack` builds it from the engine's WeeklyScores, `unpackAll` rehydrates them, and
 * `historyColumns` / `historyPoint` read just what a score history needs.
 */
import type { ScoreBand, SharedCause, WeeklyScore } from '../domain/model.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import { FIRST_SCORE_METHOD } from '../scoring/config.ts';
import { nullable, packFloats, unpackColumn, type PackedColumn } from './packedColumns.ts';

/** A WeeklyScore with the scoring-configuration version it was computed with. */
export interface StoredScore extends WeeklyScore {
  configVersion: number;
}

/** What the signals and trend charts read of each week: no per-source detail. */
export type ScoreHistoryPoint = Pick<
  StoredScore,
  'studentId' | 'week' | 'score' | 'attendancePct' | 'activity' | 'activityPercentile' | 'sharedCause'
>;

/** One week's scores of one shard's students: index i of every per-student column is `studentIds[i]`. */
export interface ScoreShardDocument {
  week: IsoWeek;
  shard: number;
  configVersion: number;
  /** The scoring method; absent on weeks scored before methods were recorded (weekly-rank). */
  method?: string;
  runId: string;
  /** The week's sources in force: the breakdown columns hold `sourceIds.length` values per student. */
  sourceIds: string[];
  studentIds: string[];
  score: PackedColumn;
  z: PackedColumn;
  composite: PackedColumn;
  band: PackedColumn;
  /** Peer-group keys (the groups compared against, and the own groups of merged students). */
  groupKeys: string[];
  /** Position in `groupKeys`. */
  peerGroup: PackedColumn;
  /** Position in `groupKeys`; null when not merged. */
  mergedFrom: PackedColumn;
  coverage: PackedColumn;
  attendancePct: PackedColumn;
  activity: PackedColumn;
  activityPercentile: PackedColumn;
  /** Position in `sharedCauses`; null when none. */
  sharedCause: PackedColumn;
  sharedCauses: SharedCause[];
  /** The breakdown, student-major (student i's sources at i·width … i·width + width − 1). */
  measures: PackedColumn;
  normalScores: PackedColumn;
  weights: PackedColumn;
  /** 1 where the measure was carried forward; left out when no student of the shard had one. */
  imputed?: PackedColumn;
  /** recent-log: the breakdown's recent weights, student-major like `measures`. */
  recentWeights?: PackedColumn;
}

export const HISTORY_FIELDS = {
  _id: 0,
  week: 1,
  studentIds: 1,
  score: 1,
  attendancePct: 1,
  activity: 1,
  activityPercentile: 1,
  sharedCause: 1,
  sharedCauses: 1,
} as const;

export type HistoryFields = Pick<ScoreShardDocument, Exclude<keyof typeof HISTORY_FIELDS, '_id'>>;

/** A shard document's history fields with the columns unpacked. */
interface HistoryColumns {
  week: IsoWeek;
  studentIds: string[];
  score: Float64Array;
  attendancePct: Float64Array;
  activity: Float64Array;
  activityPercentile: Float64Array;
  sharedCause: Float64Array;
  sharedCauses: SharedCause[];
}

export function historyColumns(document: HistoryFields): HistoryColumns {
  return {
    week: document.week,
    studentIds: document.studentIds,
    score: unpackColumn(document.score),
    attendancePct: unpackColumn(document.attendancePct),
    activity: unpackColumn(document.activity),
    activityPercentile: unpackColumn(document.activityPercentile),
    sharedCause: unpackColumn(document.sharedCause),
    sharedCauses: document.sharedCauses,
  };
}

/** Position of `value` in `list`, appending it when new (through `positions`). */
function positionIn<T>(list: T[], positions: Map<T, number>, value: T): number {
  let at = positions.get(value);
  if (at === undefined) {
    at = list.push(value) - 1;
    positions.set(value, at);
  }
  return at;
}

/** Packs one shard's scores (all of the same week, scored against `sourceIds`). */
export function pack(
  week: IsoWeek,
  shard: number,
  scores: readonly WeeklyScore[],
  sourceIds: readonly string[],
  stamp: { configVersion: number; runId: string; method: string },
): ScoreShardDocument {
  const n = scores.length;
  const width = sourceIds.length;
  const score = new Float64Array(n);
  const z = new Float64Array(n);
  const composite = new Float64Array(n);
  const band = new Float64Array(n);
  const peerGroup = new Float64Array(n);
  const mergedFrom = new Float64Array(n);
  const coverage = new Float64Array(n);
  const attendancePct = new Float64Array(n);
  const activity = new Float64Array(n);
  const activityPercentile = new Float64Array(n);
  const sharedCause = new Float64Array(n);
  const measures = new Float64Array(n * width);
  const normalScores = new Float64Array(n * width);
  const weights = new Float64Array(n * width);
  const imputed = new Float64Array(n * width);
  const recentWeights = new Float64Array(n * width);
  let anyRecent = false;
  const groupKeys: string[] = [];
  const groupPositions = new Map<string, number>();
  const sharedCauses: SharedCause[] = [];
  const causePositions = new Map<SharedCause, number>();
  let anyImputed = false;
  for (let i = 0; i < n; i++) {
    const entry = scores[i] as WeeklyScore;
    score[i] = entry.score;
    z[i] = entry.z;
    composite[i] = entry.composite;
    band[i] = entry.band;
    peerGroup[i] = positionIn(groupKeys, groupPositions, entry.peerGroup);
    mergedFrom[i] = entry.mergedFrom === null ? NaN : positionIn(groupKeys, groupPositions, entry.mergedFrom);
    coverage[i] = entry.coverage;
    attendancePct[i] = entry.attendancePct ?? NaN;
    activity[i] = entry.activity;
    activityPercentile[i] = entry.activityPercentile;
    sharedCause[i] =
      entry.sharedCause === null ? NaN : positionIn(sharedCauses, causePositions, entry.sharedCause);
    const breakdown = entry.breakdown;
    const base = i * width;
    for (let s = 0; s < width; s++) {
      measures[base + s] = breakdown.measures[s] ?? NaN;
      normalScores[base + s] = breakdown.normalScores[s] ?? NaN;
      weights[base + s] = breakdown.weights[s] ?? 0;
    }
    if (breakdown.recentWeights !== undefined) {
      anyRecent = true;
      for (let s = 0; s < width; s++) recentWeights[base + s] = breakdown.recentWeights[s] ?? NaN;
    }
    if (entry.sourcesImputed.length > 0) {
      anyImputed = true;
      for (let s = 0; s < width; s++) {
        if (entry.sourcesImputed.includes(sourceIds[s] as string)) imputed[base + s] = 1;
      }
    }
  }
  return {
    week,
    shard,
    ...stamp,
    sourceIds: [...sourceIds],
    studentIds: scores.map((entry) => entry.studentId),
    score: packFloats(score),
    z: packFloats(z),
    composite: packFloats(composite),
    band: packFloats(band),
    groupKeys,
    peerGroup: packFloats(peerGroup),
    mergedFrom: packFloats(mergedFrom),
    coverage: packFloats(coverage),
    attendancePct: packFloats(attendancePct),
    activity: packFloats(activity),
    activityPercentile: packFloats(activityPercentile),
    sharedCause: packFloats(sharedCause),
    sharedCauses,
    measures: packFloats(measures),
    normalScores: packFloats(normalScores),
    weights: packFloats(weights),
    ...(anyImputed ? { imputed: packFloats(imputed) } : {}),
    ...(anyRecent ? { recentWeights: packFloats(recentWeights) } : {}),
  };
}

/** Every score of a shard document, in its student order. */
export function unpackAll(document: ScoreShardDocument): StoredScore[] {
  const { sourceIds, groupKeys, sharedCauses } = document;
  const width = sourceIds.length;
  const score = unpackColumn(document.score);
  const z = unpackColumn(document.z);
  const composite = unpackColumn(document.composite);
  const band = unpackColumn(document.band);
  const peerGroup = unpackColumn(document.peerGroup);
  const mergedFrom = unpackColumn(document.mergedFrom);
  const coverage = unpackColumn(document.coverage);
  const attendancePct = unpackColumn(document.attendancePct);
  const activity = unpackColumn(document.activity);
  const activityPercentile = unpackColumn(document.activityPercentile);
  const sharedCause = unpackColumn(document.sharedCause);
  const measures = unpackColumn(document.measures);
  const normalScores = unpackColumn(document.normalScores);
  const weights = unpackColumn(document.weights);
  const imputed = document.imputed === undefined ? null : unpackColumn(document.imputed);
  const recentWeights = document.recentWeights === undefined ? null : unpackColumn(document.recentWeights);
  return document.studentIds.map((studentId, i): StoredScore => {
    const breakdown = {
      sourceIds,
      measures: [] as (number | null)[],
      normalScores: [] as (number | null)[],
      weights: [] as number[],
      ...(recentWeights === null ? {} : { recentWeights: [] as (number | null)[] }),
    };
    const sourcesUsed: string[] = [];
    const sourcesImputed: string[] = [];
    const sourcesMissing: string[] = [];
    for (let s = 0; s < width; s++) {
      const at = i * width + s;
      const measure = nullable(measures, at);
      const wasImputed = imputed !== null && imputed[at] === 1;
      const sourceId = sourceIds[s] as string;
      breakdown.measures.push(measure);
      breakdown.normalScores.push(nullable(normalScores, at));
      breakdown.weights.push(weights[at] as number);
      if (recentWeights !== null) breakdown.recentWeights?.push(nullable(recentWeights, at));
      if (measure !== null) sourcesUsed.push(sourceId);
      if (wasImputed) sourcesImputed.push(sourceId);
      if (measure === null || wasImputed) sourcesMissing.push(sourceId);
    }
    const merged = nullable(mergedFrom, i);
    const cause = nullable(sharedCause, i);
    return {
      studentId,
      week: document.week,
      method: document.method ?? FIRST_SCORE_METHOD,
      score: score[i] as number,
      z: z[i] as number,
      composite: composite[i] as number,
      band: band[i] as ScoreBand,
      peerGroup: groupKeys[peerGroup[i] as number] as string,
      merged: merged !== null,
      mergedFrom: merged === null ? null : (groupKeys[merged] as string),
      coverage: coverage[i] as number,
      sourcesUsed,
      sourcesImputed,
      sourcesMissing,
      attendancePct: nullable(attendancePct, i),
      activity: activity[i] as number,
      activityPercentile: activityPercentile[i] as number,
      sharedCause: cause === null ? null : (sharedCauses[cause] as SharedCause),
      breakdown,
      configVersion: document.configVersion,
    };
  });
}

export function historyPoint(columns: HistoryColumns, i: number): ScoreHistoryPoint {
  const cause = nullable(columns.sharedCause, i);
  return {
    studentId: columns.studentIds[i] as string,
    week: columns.week,
    score: columns.score[i] as number,
    attendancePct: nullable(columns.attendancePct, i),
    activity: columns.activity[i] as number,
    activityPercentile: columns.activityPercentile[i] as number,
    sharedCause: cause === null ? null : (columns.sharedCauses[cause] as SharedCause),
  };
}

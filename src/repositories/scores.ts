/**
 * Weekly scores and each peer group's week (medians, activity level, shared cause). A score is stored in
 * a compact form — the per-source breakdown as plain number arrays, the week's source ids once on each
 * peer-group week — and rehydrated to the engine's WeeklyScore on read. Saving a week replaces that week's
 * documents; earlier weeks are never touched, so past scores stay as they were computed.
 */
import { randomUUID } from 'node:crypto';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import type { WeeklyScore } from '../domain/model.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import { activityHistoryOf, type ActivityHistory } from '../scoring/sharedCause.ts';
import type { PeerGroupWeek, WeekScoreResult } from '../scoring/types.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

/** A WeeklyScore with the scoring-configuration version it was computed with. */
export interface StoredScore extends WeeklyScore {
  configVersion: number;
}

/** What the signals and trend charts read of each week: no per-source detail. */
export type ScoreHistoryPoint = Pick<
  StoredScore,
  'studentId' | 'week' | 'score' | 'attendancePct' | 'activity' | 'activityPercentile' | 'sharedCause'
>;

export interface StoredPeerGroupWeek extends PeerGroupWeek {
  /** The sources in force that week, in the order of every score's breakdown arrays. */
  sourceIds: string[];
  configVersion: number;
  runId: string;
}

interface ScoreDocument
  extends
    Omit<StoredScore, 'breakdown' | 'sourcesUsed' | 'sourcesMissing'>,
    Pick<WeeklyScore['breakdown'], 'measures' | 'normalScores' | 'weights'> {
  runId: string;
}

const HISTORY_POINT = {
  _id: 0,
  studentId: 1,
  week: 1,
  score: 1,
  attendancePct: 1,
  activity: 1,
  activityPercentile: 1,
  sharedCause: 1,
} as const;

/** Field by field (not a rest spread): one fixed shape, built quickly for a week of 50,000 scores. */
function toDocument(score: WeeklyScore, configVersion: number, runId: string): ScoreDocument {
  return {
    studentId: score.studentId,
    week: score.week,
    score: score.score,
    z: score.z,
    composite: score.composite,
    band: score.band,
    peerGroup: score.peerGroup,
    merged: score.merged,
    mergedFrom: score.mergedFrom,
    coverage: score.coverage,
    sourcesImputed: score.sourcesImputed,
    attendancePct: score.attendancePct,
    activity: score.activity,
    activityPercentile: score.activityPercentile,
    sharedCause: score.sharedCause,
    measures: score.breakdown.measures,
    normalScores: score.breakdown.normalScores,
    weights: score.breakdown.weights,
    configVersion,
    runId,
  };
}

function fromDocument(document: ScoreDocument, sourceIds: readonly string[]): StoredScore {
  const { measures, normalScores, weights, runId: _runId, ...rest } = document;
  const imputed = new Set(document.sourcesImputed);
  return {
    ...rest,
    sourcesUsed: sourceIds.filter((_, i) => measures[i] !== null),
    sourcesMissing: sourceIds.filter((id, i) => measures[i] === null || imputed.has(id)),
    breakdown: { sourceIds, measures, normalScores, weights },
  };
}

export function scoreRepository(db: DocumentDb) {
  const scores = db.collection<ScoreDocument>(COLLECTIONS.scores.name);
  const groups = db.collection<StoredPeerGroupWeek>(COLLECTIONS.peerGroupWeeks.name);

  return {
    /**
     * Replaces the week's scores and peer-group weeks: the new documents are written first, then those of
     * earlier runs of the same week that the new run did not rewrite, so the week is never empty.
     */
    async saveWeek(result: WeekScoreResult, configVersion: number): Promise<void> {
      const runId = randomUUID();
      // Every score of a week shares the engine's list of the sources in force (those with weight).
      const sourceIds = result.scores[0]?.breakdown.sourceIds ?? [];
      const scoreDocuments = result.scores.map((score) => toDocument(score, configVersion, runId));
      const groupDocuments = result.peerGroups.map((group) => ({
        ...group,
        sourceIds: [...sourceIds],
        configVersion,
        runId,
      }));
      if ((await groups.countDocuments({ week: result.week })) === 0) {
        // The week's first run: nothing to replace, so plain inserts.
        if (scoreDocuments.length > 0) await scores.insertMany(scoreDocuments, { ordered: false });
        if (groupDocuments.length > 0) await groups.insertMany(groupDocuments, { ordered: false });
        return;
      }
      await upsertAll(scores, scoreDocuments, ['studentId', 'week']);
      await upsertAll(groups, groupDocuments, ['week', 'peerGroup']);
      await scores.deleteMany({ week: result.week, runId: { $ne: runId } });
      await groups.deleteMany({ week: result.week, runId: { $ne: runId } });
    },

    async scoresForWeek(week: IsoWeek): Promise<StoredScore[]> {
      const [documents, group] = await Promise.all([
        scores.find({ week }, { projection: WITHOUT_ID }).toArray(),
        groups.findOne({ week }, { projection: { _id: 0, sourceIds: 1 } }),
      ]);
      return documents.map((document) => fromDocument(document, group?.sourceIds ?? []));
    },

    /** The student's most recent score in full, with the peer-group week it was compared against. */
    async latestWithPeerGroup(
      studentId: string,
    ): Promise<{ score: StoredScore; group: StoredPeerGroupWeek } | null> {
      const document = await scores.findOne({ studentId }, { projection: WITHOUT_ID, sort: { week: -1 } });
      if (!document) return null;
      const group = await groups.findOne(
        { week: document.week, peerGroup: document.peerGroup },
        { projection: WITHOUT_ID },
      );
      return group ? { score: fromDocument(document, group.sourceIds), group } : null;
    },

    /** The student's weekly scores, oldest first. */
    historyFor: (studentId: string) =>
      scores.find({ studentId }, { projection: HISTORY_POINT, sort: { week: 1 } }).toArray() as Promise<
        ScoreHistoryPoint[]
      >,

    /** Every student's weekly scores in the inclusive week range, oldest first. */
    async historiesBetween(fromWeek: IsoWeek, toWeek: IsoWeek): Promise<Map<string, ScoreHistoryPoint[]>> {
      const rows = (await scores
        .find({ week: { $gte: fromWeek, $lte: toWeek } }, { projection: HISTORY_POINT, sort: { week: 1 } })
        .toArray()) as ScoreHistoryPoint[];
      const byStudent = new Map<string, ScoreHistoryPoint[]>();
      for (const row of rows) {
        const list = byStudent.get(row.studentId);
        if (list) list.push(row);
        else byStudent.set(row.studentId, [row]);
      }
      return byStudent;
    },

    peerGroupsForWeek: (week: IsoWeek) => groups.find({ week }, { projection: WITHOUT_ID }).toArray(),

    /** Peer groups' activity levels in weeks before `week`: the shared-cause baseline. */
    async activityHistoryBefore(week: IsoWeek, fromWeek: IsoWeek): Promise<ActivityHistory> {
      const rows = await groups
        .find(
          { week: { $gte: fromWeek, $lt: week } },
          { projection: { _id: 0, week: 1, peerGroup: 1, activityLevel: 1 } },
        )
        .toArray();
      return activityHistoryOf(rows);
    },

    /** The configuration version a week was scored with, or null if it has not been scored. */
    async configVersionOf(week: IsoWeek): Promise<number | null> {
      const row = await groups.findOne({ week }, { projection: { _id: 0, configVersion: 1 } });
      return row ? row.configVersion : null;
    },

    async scoredWeeks(): Promise<IsoWeek[]> {
      const rows = await groups
        .aggregate<{ _id: IsoWeek }>([{ $group: { _id: '$week' } }, { $sort: { _id: 1 } }])
        .toArray();
      return rows.map((row) => row._id);
    },
  };
}

export type ScoreRepository = ReturnType<typeof scoreRepository>;

/**
 * Weekly scores and each peer group's week (medians, activity level, shared cause). Scores are stored
 * column-packed, one document per ISO week × student shard (the document and its codec: scoreShards.ts).
 * A week of 50,000 scores is then 64 documents, cheap to write, hold and read back whole; one
 * student's weeks are read from their shard. Reads rehydrate the engine's WeeklyScore. Saving a week
 * replaces that week's documents; earlier weeks are never touched, so past scores stay as computed.
 */
import { randomUUID } from 'node:crypto';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import type { WeeklyScore } from '../domain/model.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import { FIRST_SCORE_METHOD } from '../scoring/config.ts';
import { activityHistoryOf, type ActivityHistory } from '../scoring/sharedCause.ts';
import type { SourceActivityWeek } from '../scoring/dataGaps.ts';
import type { PeerGroupWeek, RecentLevels, WeekScoreResult } from '../scoring/types.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';
import { unpackColumn, type PackedColumn } from './packedColumns.ts';
import {
  HISTORY_FIELDS,
  historyColumns,
  historyPoint,
  pack,
  unpackAll,
  type HistoryFields,
  type ScoreHistoryPoint,
  type ScoreShardDocument,
  type StoredScore,
} from './scoreShards.ts';
import { shardOf, STUDENT_SHARDS } from './studentShards.ts';

export type { ScoreHistoryPoint, StoredScore } from './scoreShards.ts';

export interface StoredPeerGroupWeek extends PeerGroupWeek {
  /** The sources in force that week, in the order of every score's breakdown arrays. */
  sourceIds: string[];
  /** The week's share of students active on each of `sourceIds` (the whole week, not just this group). */
  activeShares?: number[];
  /** Sources treated as missing for everyone that week: they delivered (next to) nothing. */
  dataGaps?: string[];
  configVersion: number;
  /** The scoring method; absent on weeks scored before methods were recorded (weekly-rank). */
  method?: string;
  runId: string;
}

/** One shard's scores as columns, index i of each being `studentIds[i]` (see `columnsForWeek`). */
export interface ScoreColumns {
  studentIds: string[];
  /** The breakdown's sources: `measures` holds `sourceIds.length` values per student, student-major. */
  sourceIds: string[];
  score: Float64Array;
  activity: Float64Array;
  /** NaN where the student had no attendance source. */
  attendancePct: Float64Array;
  /** The breakdown's measure (for recent-log, the recent level) per student × source; NaN where none. */
  measures: Float64Array;
}

export function scoreRepository(db: DocumentDb) {
  const scores = db.collection<ScoreShardDocument>(COLLECTIONS.scores.name);
  const groups = db.collection<StoredPeerGroupWeek>(COLLECTIONS.peerGroupWeeks.name);

  /** The student's documents (the given fields), oldest week first. */
  const shardWeeks = <T extends object>(studentId: string, projection: Record<string, 0 | 1>) =>
    scores.find({ shard: shardOf(studentId) }, { projection, sort: { week: 1 } }).toArray() as Promise<T[]>;

  return {
    /**
     * Replaces the week's scores and peer-group weeks: the new documents are written first, then those of
     * earlier runs of the same week that the new run did not rewrite, so the week is never empty.
     */
    async saveWeek(result: WeekScoreResult, configVersion: number): Promise<void> {
      const stamp = { configVersion, runId: randomUUID(), method: result.method };
      // Every score of a week shares the engine's list of the sources in force (those with weight).
      const sourceIds = result.scores[0]?.breakdown.sourceIds ?? [];
      const byShard: WeeklyScore[][] = Array.from({ length: STUDENT_SHARDS }, () => []);
      for (const score of result.scores) (byShard[shardOf(score.studentId)] as WeeklyScore[]).push(score);
      const scoreDocuments = byShard.flatMap((shardScores, shard) =>
        shardScores.length === 0 ? [] : [pack(result.week, shard, shardScores, sourceIds, stamp)],
      );
      const groupDocuments = result.peerGroups.map((group) => ({
        ...group,
        sourceIds: [...sourceIds],
        activeShares: sourceIds.map((id) => result.sourceActiveShares[id] ?? 0),
        dataGaps: [...result.dataGaps],
        ...stamp,
      }));
      if ((await groups.countDocuments({ week: result.week })) === 0) {
        // The week's first run: nothing to replace, so plain inserts.
        if (scoreDocuments.length > 0) await scores.insertMany(scoreDocuments, { ordered: false });
        if (groupDocuments.length > 0) await groups.insertMany(groupDocuments, { ordered: false });
        return;
      }
      await upsertAll(scores, scoreDocuments, ['week', 'shard']);
      await upsertAll(groups, groupDocuments, ['week', 'peerGroup']);
      await scores.deleteMany({ week: result.week, runId: { $ne: stamp.runId } });
      await groups.deleteMany({ week: result.week, runId: { $ne: stamp.runId } });
    },

    async scoresForWeek(week: IsoWeek): Promise<StoredScore[]> {
      const documents = await scores.find({ week }, { projection: WITHOUT_ID }).toArray();
      return documents.flatMap(unpackAll);
    },

    /** The week's scores column-packed, one entry per shard: a large week read without an object per score. */
    async columnsForWeek(week: IsoWeek): Promise<ScoreColumns[]> {
      const documents = await scores
        .find(
          { week },
          {
            projection: {
              _id: 0,
              studentIds: 1,
              sourceIds: 1,
              score: 1,
              activity: 1,
              attendancePct: 1,
              measures: 1,
            },
          },
        )
        .toArray();
      return documents.map((document) => ({
        studentIds: document.studentIds,
        sourceIds: document.sourceIds,
        score: unpackColumn(document.score),
        activity: unpackColumn(document.activity),
        attendancePct: unpackColumn(document.attendancePct),
        measures: unpackColumn(document.measures),
      }));
    },

    /** The run that scored each of the weeks (a re-scored week has a new one); weeks not scored are left out. */
    async runsOf(weeks: readonly IsoWeek[]): Promise<Map<IsoWeek, string>> {
      // Every peer-group week of a run has its id: one per week is enough.
      const rows = await Promise.all(
        weeks.map((week) => groups.findOne({ week }, { projection: { _id: 0, runId: 1 } })),
      );
      return new Map(weeks.flatMap((week, i) => (rows[i] ? [[week, rows[i].runId] as const] : [])));
    },

    /** Every stored score of the student in full (breakdown included), oldest week first. */
    async scoresOfStudent(studentId: string): Promise<StoredScore[]> {
      const documents = await scores
        .find(
          { shard: shardOf(studentId), studentIds: studentId },
          { projection: WITHOUT_ID, sort: { week: 1 } },
        )
        .toArray();
      return documents.flatMap((document) =>
        unpackAll(document).filter((score) => score.studentId === studentId),
      );
    },

    /**
     * Cuts the student out of every week's shard (erasure), repacking the rest as stored (same run and
     * configuration stamp). Peer-group medians already computed stay as they were. Returns the weeks.
     */
    async eraseStudent(studentId: string): Promise<number> {
      const documents = await scores
        .find({ shard: shardOf(studentId), studentIds: studentId }, { projection: WITHOUT_ID })
        .toArray();
      for (const document of documents) {
        const kept = unpackAll(document).filter((score) => score.studentId !== studentId);
        const stamp = {
          configVersion: document.configVersion,
          runId: document.runId,
          method: document.method ?? FIRST_SCORE_METHOD,
        };
        await scores.bulkWrite([
          {
            replaceOne: {
              filter: { week: document.week, shard: document.shard },
              replacement: pack(document.week, document.shard, kept, document.sourceIds, stamp),
            },
          },
        ]);
      }
      return documents.length;
    },

    /** The week's peer groups (what each student was compared against), for the feed-health counterfactual. */
    peerGroupsOfWeek: (week: IsoWeek) =>
      groups.find({ week }, { projection: WITHOUT_ID, sort: { peerGroup: 1 } }).toArray(),

    /** The student's most recent score in full, with the peer-group week it was compared against. */
    async latestWithPeerGroup(
      studentId: string,
    ): Promise<{ score: StoredScore; group: StoredPeerGroupWeek } | null> {
      const weeks = await shardWeeks<{ week: IsoWeek; studentIds: string[] }>(studentId, {
        _id: 0,
        week: 1,
        studentIds: 1,
      });
      const latest = weeks.findLast((document) => document.studentIds.includes(studentId));
      if (!latest) return null;
      const document = await scores.findOne(
        { week: latest.week, shard: shardOf(studentId) },
        { projection: WITHOUT_ID },
      );
      const score = document ? unpackAll(document).find((entry) => entry.studentId === studentId) : undefined;
      if (!score) return null;
      const group = await groups.findOne(
        { week: score.week, peerGroup: score.peerGroup },
        { projection: WITHOUT_ID },
      );
      return group ? { score, group } : null;
    },

    /** The student's weekly scores, oldest first. */
    async historyFor(studentId: string): Promise<ScoreHistoryPoint[]> {
      const points: ScoreHistoryPoint[] = [];
      for (const document of await shardWeeks<HistoryFields>(studentId, HISTORY_FIELDS)) {
        const i = document.studentIds.indexOf(studentId);
        if (i >= 0) points.push(historyPoint(historyColumns(document), i));
      }
      return points;
    },

    /** Every student's weekly scores in the inclusive week range, oldest first. */
    async historiesBetween(fromWeek: IsoWeek, toWeek: IsoWeek): Promise<Map<string, ScoreHistoryPoint[]>> {
      const documents = (await scores
        .find({ week: { $gte: fromWeek, $lte: toWeek } }, { projection: HISTORY_FIELDS, sort: { week: 1 } })
        .toArray()) as HistoryFields[];
      const byStudent = new Map<string, ScoreHistoryPoint[]>();
      for (const document of documents) {
        const columns = historyColumns(document);
        for (let i = 0; i < columns.studentIds.length; i++) {
          const point = historyPoint(columns, i);
          const list = byStudent.get(point.studentId);
          if (list) list.push(point);
          else byStudent.set(point.studentId, [point]);
        }
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

    /** Each scored week's per-source active shares in [fromWeek, week): what data gaps are judged against. */
    async sourceActivityBefore(week: IsoWeek, fromWeek: IsoWeek): Promise<SourceActivityWeek[]> {
      const rows = await groups
        .find(
          { week: { $gte: fromWeek, $lt: week } },
          { projection: { _id: 0, week: 1, sourceIds: 1, activeShares: 1 } },
        )
        .toArray();
      const byWeek = new Map<string, SourceActivityWeek>();
      for (const row of rows) {
        if (row.activeShares === undefined || byWeek.has(row.week)) continue;
        const shares = row.activeShares;
        byWeek.set(row.week, {
          week: row.week,
          activeShares: Object.fromEntries(row.sourceIds.map((id, i) => [id, shares[i] ?? 0])),
        });
      }
      return [...byWeek.values()];
    },

    /** The scored weeks in which `sourceId` was a data gap, latest first. */
    async dataGapWeeks(sourceId: string): Promise<IsoWeek[]> {
      const rows = await groups.find({ dataGaps: sourceId }, { projection: { _id: 0, week: 1 } }).toArray();
      return [...new Set(rows.map((row) => row.week))].sort().reverse();
    },

    /** The recent levels a week's run stored; null when it stored none (unscored, or method weekly-rank). */
    async recentLevelsOf(week: IsoWeek): Promise<RecentLevels | null> {
      const documents = await scores
        .find(
          { week },
          { projection: { _id: 0, studentIds: 1, sourceIds: 1, measures: 1, recentWeights: 1 } },
        )
        .toArray();
      const first = documents[0];
      if (!first || documents.some((document) => document.recentWeights === undefined)) return null;
      const studentIds = documents.flatMap((document) => document.studentIds);
      const width = first.sourceIds.length;
      const levels = new Float64Array(studentIds.length * width);
      const weights = new Float64Array(studentIds.length * width);
      let offset = 0;
      for (const document of documents) {
        levels.set(unpackColumn(document.measures), offset);
        weights.set(unpackColumn(document.recentWeights as PackedColumn), offset);
        offset += document.studentIds.length * width;
      }
      return { studentIds, sourceIds: first.sourceIds, levels, weights };
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

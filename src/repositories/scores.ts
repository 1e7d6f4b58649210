/**
 * Weekly scores and each peer group's week (medians, activity level, shared cause). Saving a week replaces
 * that week's documents; earlier weeks are never touched, so past scores stay as they were computed.
 */
import { randomUUID } from 'node:crypto';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import type { WeeklyScore } from '../domain/model.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { ActivityHistory, GroupActivity } from '../scoring/sharedCause.ts';
import type { PeerGroupWeek, WeekScoreResult } from '../scoring/types.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

/** A stored score: the engine's WeeklyScore plus the scoring-configuration version it was computed with. */
export interface StoredScore extends WeeklyScore {
  configVersion: number;
  /** The scoring run that wrote it; a re-run of the week replaces every document of earlier runs. */
  runId: string;
}

export interface StoredPeerGroupWeek extends PeerGroupWeek {
  configVersion: number;
  runId: string;
}

export function scoreRepository(db: DocumentDb) {
  const scores = db.collection<StoredScore>(COLLECTIONS.scores.name);
  const groups = db.collection<StoredPeerGroupWeek>(COLLECTIONS.peerGroupWeeks.name);

  return {
    /**
     * Replaces the week's scores and peer-group weeks: the new documents are written first, then those of
     * earlier runs of the same week that the new run did not rewrite, so the week is never empty.
     */
    async saveWeek(result: WeekScoreResult, configVersion: number): Promise<void> {
      const runId = randomUUID();
      await upsertAll(
        scores,
        result.scores.map((score) => ({ ...score, configVersion, runId })),
        ['studentId', 'week'],
      );
      await upsertAll(
        groups,
        result.peerGroups.map((group) => ({ ...group, configVersion, runId })),
        ['week', 'peerGroup'],
      );
      await scores.deleteMany({ week: result.week, runId: { $ne: runId } });
      await groups.deleteMany({ week: result.week, runId: { $ne: runId } });
    },

    scoresForWeek: (week: IsoWeek) => scores.find({ week }, { projection: WITHOUT_ID }).toArray(),
    historyFor: (studentId: string) =>
      scores.find({ studentId }, { projection: WITHOUT_ID, sort: { week: 1 } }).toArray(),
    peerGroupsForWeek: (week: IsoWeek) => groups.find({ week }, { projection: WITHOUT_ID }).toArray(),
    peerGroupWeek: (week: IsoWeek, peerGroup: string) =>
      groups.findOne({ week, peerGroup }, { projection: WITHOUT_ID }),

    /** Every student's scores in the inclusive week range, oldest first. */
    async historiesBetween(fromWeek: IsoWeek, toWeek: IsoWeek): Promise<Map<string, StoredScore[]>> {
      const rows = await scores
        .find({ week: { $gte: fromWeek, $lte: toWeek } }, { projection: WITHOUT_ID, sort: { week: 1 } })
        .toArray();
      const byStudent = new Map<string, StoredScore[]>();
      for (const row of rows) {
        const list = byStudent.get(row.studentId);
        if (list) list.push(row);
        else byStudent.set(row.studentId, [row]);
      }
      return byStudent;
    },

    /** Peer groups' activity levels in weeks before `week`: the shared-cause baseline. */
    async activityHistoryBefore(week: IsoWeek, fromWeek: IsoWeek): Promise<ActivityHistory> {
      const rows = await groups
        .find(
          { week: { $gte: fromWeek, $lt: week } },
          { projection: { _id: 0, week: 1, peerGroup: 1, activityLevel: 1, sharedCause: 1 } },
        )
        .toArray();
      const history: Record<string, GroupActivity[]> = {};
      for (const row of rows) {
        (history[row.peerGroup] ??= []).push({
          week: row.week,
          level: row.activityLevel,
          sharedCause: row.sharedCause !== null,
        });
      }
      return history;
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

/**
 * What alert-rule evaluation remembers between weekly runs (docs/rules.md, "fires once per student per episode"):
 * per rule, the latest week evaluated; per (rule, student), the episode in progress (only active ones are
 * stored — every other student's state is "no episode, last evaluated at the rule's latest week"); and
 * every firing, keyed by (rule, student, week) so a firing is recorded once however often a week is re-run.
 * A firing stays "pending" until its actions have run, so a run cut short finishes them next time.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { isDuplicateKeyError, type DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export interface RuleProgress {
  ruleId: string;
  lastWeek: IsoWeek;
}

export interface ActiveEpisode {
  ruleId: string;
  studentId: string;
  since: IsoWeek;
}

export interface RuleFiring {
  ruleId: string;
  studentId: string;
  week: IsoWeek;
  at: Date;
  /** Why the rule held, in words (may cite the score: staff-facing). */
  reason: string;
  status: 'pending' | 'done';
  /** What each action did, in words, once run. */
  outcomes: string[];
}

export function ruleStateRepository(db: DocumentDb) {
  const progress = db.collection<RuleProgress>(COLLECTIONS.ruleProgress.name);
  const episodes = db.collection<ActiveEpisode>(COLLECTIONS.ruleEpisodes.name);
  const firings = db.collection<RuleFiring>(COLLECTIONS.ruleFirings.name);
  return {
    async lastWeek(ruleId: string): Promise<IsoWeek | null> {
      return (await progress.findOne({ ruleId }, { projection: WITHOUT_ID }))?.lastWeek ?? null;
    },
    /** Student id → the week their active episode started. */
    async activeEpisodes(ruleId: string): Promise<Map<string, IsoWeek>> {
      const rows = await episodes.find({ ruleId }, { projection: WITHOUT_ID }).toArray();
      return new Map(rows.map((row) => [row.studentId, row.since]));
    },
    /**
     * Records a week's evaluation of a rule: the firings first (duplicates of an earlier, interrupted run
     * are skipped), then the episodes started and ended, then the week as evaluated.
     */
    async saveEvaluation(
      ruleId: string,
      week: IsoWeek,
      result: { fired: RuleFiring[]; started: ActiveEpisode[]; ended: string[] },
    ): Promise<void> {
      if (result.fired.length > 0) {
        try {
          await firings.insertMany(
            result.fired.map((firing) => ({ ...firing })),
            { ordered: false },
          );
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
      }
      if (result.started.length > 0) {
        await episodes.bulkWrite(
          result.started.map((episode) => ({
            replaceOne: {
              filter: { ruleId: episode.ruleId, studentId: episode.studentId },
              replacement: { ...episode },
              upsert: true,
            },
          })),
          { ordered: false },
        );
      }
      if (result.ended.length > 0) await episodes.deleteMany({ ruleId, studentId: { $in: result.ended } });
      await progress.updateOne({ ruleId }, { $set: { ruleId, lastWeek: week } }, { upsert: true });
    },
    /** Forgets a rule's episodes (when it is disabled): re-enabled, it starts afresh. */
    async clearEpisodes(ruleId: string): Promise<void> {
      await episodes.deleteMany({ ruleId });
    },
    pendingFirings: () =>
      firings.find({ status: 'pending' }, { projection: WITHOUT_ID, sort: { at: 1 } }).toArray(),
    async completeFiring(firing: Pick<RuleFiring, 'ruleId' | 'studentId' | 'week'>, outcomes: string[]) {
      await firings.updateOne(
        { ruleId: firing.ruleId, studentId: firing.studentId, week: firing.week },
        { $set: { status: 'done', outcomes } },
      );
    },
    firingsForWeek: (week: IsoWeek) =>
      firings.find({ week }, { projection: WITHOUT_ID, sort: { ruleId: 1, studentId: 1 } }).toArray(),
    firingsFor: (studentId: string) =>
      firings.find({ studentId }, { projection: WITHOUT_ID, sort: { at: -1 } }).toArray(),
    countFirings: () => firings.countDocuments({}),
  };
}

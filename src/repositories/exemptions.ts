/**
 * "Known reason" exemptions: a student left out of digests, alert rules and workflow steps from the day
 * one is set until its last day, inclusive (days are yyyy-mm-dd). Each records who set it, when, the reason
 * category and a short note; an administrator ending one early moves its last day to the day before and
 * records who and when, so the student is back from that day. Holds a student id and, for health-related
 * categories, special-category data: governance export and erasure include this collection.
 */
import { randomUUID } from 'node:crypto';
import { shiftDay } from '../exemptions/calendarDays.ts';
import type { ExemptionCategory } from '../exemptions/exemptionRules.ts';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export interface Exemption {
  id: string;
  studentId: string;
  category: ExemptionCategory;
  note: string;
  /** The first day it applies (the day it was set). */
  from: string;
  /** The last day asked for when it was set. */
  until: string;
  /** The last day it applies: `until`, or the day before it was ended early. */
  lastDay: string;
  /** Staff id (or cli:<user>) of who set it, and when. */
  setBy: string;
  setAt: Date;
  endedEarly: { by: string; at: Date } | null;
}

/** What a digest needs of an exemption: when it ends and why (the category). */
export type ExemptionSummary = Pick<Exemption, 'id' | 'studentId' | 'category' | 'lastDay'>;

/** The days the "returning from exemption" marker looks back over: one digest week. */
export const RETURNING_WINDOW_DAYS = 7;

const SUMMARY = { _id: 0, id: 1, studentId: 1, category: 1, lastDay: 1 } as const;

export function exemptionRepository(db: DocumentDb) {
  const exemptions = db.collection<Exemption>(COLLECTIONS.exemptions.name);
  /** Every student exempt on `day`, by student id: the digest and the rules leave them out. */
  async function exemptOn(day: string): Promise<Map<string, ExemptionSummary>> {
    const rows = await exemptions
      .find({ from: { $lte: day }, lastDay: { $gte: day } }, { projection: SUMMARY })
      .toArray();
    return new Map(rows.map((row) => [row.studentId, row]));
  }
  return {
    async add(entry: Omit<Exemption, 'id' | 'lastDay' | 'endedEarly'>): Promise<Exemption> {
      const exemption: Exemption = {
        id: randomUUID().slice(0, 8),
        ...entry,
        lastDay: entry.until,
        endedEarly: null,
      };
      await exemptions.insertOne({ ...exemption });
      return exemption;
    },
    byId: (id: string) => exemptions.findOne({ id }, { projection: WITHOUT_ID }),
    /** The student's exemption applying on `day`, if any. */
    currentFor: (studentId: string, day: string) =>
      exemptions.findOne(
        { studentId, from: { $lte: day }, lastDay: { $gte: day } },
        { projection: WITHOUT_ID, sort: { lastDay: -1 } },
      ),
    exemptOn,
    /**
     * Students whose exemption ended in the digest week before `day` (last day from `day` − 7 to `day` − 1)
     * and who are not exempt again on `day`: their rows carry "returning from exemption".
     */
    async returningOn(day: string): Promise<Map<string, ExemptionSummary>> {
      const [ended, current] = await Promise.all([
        exemptions
          .find(
            { lastDay: { $gte: shiftDay(day, -RETURNING_WINDOW_DAYS), $lt: day } },
            { projection: SUMMARY, sort: { lastDay: 1 } },
          )
          .toArray(),
        exemptOn(day),
      ]);
      // An exemption set and ended early on the same day never applied: nobody returns from it.
      const returning = ended.filter((row) => !current.has(row.studentId));
      return new Map(returning.map((row) => [row.studentId, row]));
    },
    /** Exemptions applying on `day` or later, by last day; with `ended`, every one, newest first. */
    list(day: string, options: { ended?: boolean } = {}): Promise<Exemption[]> {
      return options.ended
        ? exemptions.find({}, { projection: WITHOUT_ID, sort: { setAt: -1 } }).toArray()
        : exemptions
            .find({ lastDay: { $gte: day } }, { projection: WITHOUT_ID, sort: { lastDay: 1 } })
            .toArray();
    },
    /**
     * Ends a current exemption early: its last day becomes the day before `today`. Null when there is no
     * such exemption or it no longer applies.
     */
    async endEarly(id: string, by: string, at: Date, today: string): Promise<Exemption | null> {
      // No projection: FerretDB (CI's MongoDB) does not take one on findAndModify.
      const result = await exemptions.findOneAndUpdate(
        { id, lastDay: { $gte: today } },
        { $set: { lastDay: shiftDay(today, -1), endedEarly: { by, at } } },
        { returnDocument: 'after' },
      );
      if (!result) return null;
      const { _id: _stored, ...exemption } = result as Exemption & { _id?: unknown };
      return exemption;
    },
  };
}

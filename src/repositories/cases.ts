/**
 * Support cases (docs/rules.md): a student, an owner, a status (open, monitoring, closed), why it was opened, a
 * timeline (alerts, contacts, notes, status changes) and, once closed, an outcome. A student has at most
 * one active (open or monitoring) case: the store enforces it with a unique index over the active cases,
 * so two writers racing to open one cannot both succeed.
 */
import { randomUUID } from 'node:crypto';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb, Filter } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export type CaseStatus = 'open' | 'monitoring' | 'closed';
export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'monitoring', 'closed'];

export type TimelineKind = 'opened' | 'alert' | 'contact' | 'note' | 'status';

/** One line of a case's history: when, what kind, what happened in words, and who (staff id or "engage"). */
export interface TimelineEntry {
  at: Date;
  kind: TimelineKind;
  text: string;
  by: string;
}

export interface SupportCase {
  id: string;
  studentId: string;
  ownerId: string;
  status: CaseStatus;
  reason: string;
  openedAt: Date;
  /** Oldest first; the first entry records the opening. */
  timeline: TimelineEntry[];
  closedAt: Date | null;
  /** What came of the case, in words; set when it is closed. */
  outcome: string | null;
}

/** The stored form: `active` mirrors "status is open or monitoring" for the one-active-case index. */
type CaseDocument = SupportCase & { active: boolean };

export interface NewCase {
  id?: string;
  studentId: string;
  ownerId: string;
  reason: string;
  openedAt: Date;
  /** Who opened it (staff id or "engage" for a rule); the owner when not given. */
  by?: string;
}

export interface CaseFilter {
  status?: CaseStatus;
  ownerId?: string;
  studentId?: string;
  /** Opened at or after. */
  openedSince?: Date;
}

/** A case still being worked: open or monitoring. */
const ACTIVE = { status: { $in: ['open', 'monitoring'] } };
const CASE_FIELDS = { ...WITHOUT_ID, active: 0 } as const;

/** Cases stored before timelines existed read as having an empty timeline and no outcome. */
function fromDocument(document: CaseDocument | SupportCase): SupportCase {
  const { active: _active, ...rest } = document as CaseDocument;
  return {
    ...rest,
    timeline: rest.timeline ?? [],
    closedAt: rest.closedAt ?? null,
    outcome: rest.outcome ?? null,
  };
}

export function caseRepository(db: DocumentDb) {
  const cases = db.collection<CaseDocument>(COLLECTIONS.cases.name);
  const findCase = async (filter: Filter) => {
    const document = await cases.findOne(filter, { projection: CASE_FIELDS });
    return document ? fromDocument(document) : null;
  };
  return {
    /**
     * Opens a new case with its "opened" timeline entry. Throws a duplicate-key error (code 11000) when
     * the student already has an active case: services use openOrAppendCase, which never duplicates.
     */
    async openCase(entry: NewCase): Promise<SupportCase> {
      const { by, id, ...fields } = entry;
      const record: SupportCase = {
        ...fields,
        id: id ?? randomUUID(),
        status: 'open',
        timeline: [{ at: entry.openedAt, kind: 'opened', text: entry.reason, by: by ?? entry.ownerId }],
        closedAt: null,
        outcome: null,
      };
      await cases.insertOne({ ...record, active: true });
      return record;
    },
    activeCaseFor: (studentId: string) => findCase({ studentId, ...ACTIVE }),
    caseById: (id: string) => findCase({ id }),
    async studentsWithActiveCase(): Promise<Set<string>> {
      const rows = await cases.find(ACTIVE, { projection: { _id: 0, studentId: 1 } }).toArray();
      return new Set(rows.map((row) => row.studentId));
    },
    /** Cases matching the filter, newest first (at most `limit`). */
    async listCases(filter: CaseFilter = {}, limit = 200): Promise<SupportCase[]> {
      const query: Filter = {};
      if (filter.status !== undefined) query.status = filter.status;
      if (filter.ownerId !== undefined) query.ownerId = filter.ownerId;
      if (filter.studentId !== undefined) query.studentId = filter.studentId;
      if (filter.openedSince !== undefined) query.openedAt = { $gte: filter.openedSince };
      const rows = await cases
        .find(query, { projection: CASE_FIELDS, sort: { openedAt: -1 }, limit })
        .toArray();
      return rows.map(fromDocument);
    },
    /** Appends an entry to the case's timeline; the updated case, or null when there is no such case. */
    async appendTimeline(caseId: string, entry: TimelineEntry): Promise<SupportCase | null> {
      const updated = await cases.findOneAndUpdate(
        { id: caseId },
        { $push: { timeline: { ...entry } } },
        { returnDocument: 'after', projection: CASE_FIELDS },
      );
      return updated ? fromDocument(updated) : null;
    },
    /**
     * Sets the status and appends the status-change entry in one write; closing records when and the
     * outcome. Null when there is no such case. Re-opening a closed case is the caller's to refuse.
     */
    async setStatus(
      caseId: string,
      change: { status: CaseStatus; entry: TimelineEntry; outcome?: string },
    ): Promise<SupportCase | null> {
      const closing = change.status === 'closed';
      const updated = await cases.findOneAndUpdate(
        { id: caseId },
        {
          $set: {
            status: change.status,
            active: !closing,
            closedAt: closing ? change.entry.at : null,
            outcome: closing ? (change.outcome ?? null) : null,
          },
          $push: { timeline: { ...change.entry } },
        },
        { returnDocument: 'after', projection: CASE_FIELDS },
      );
      return updated ? fromDocument(updated) : null;
    },
  };
}

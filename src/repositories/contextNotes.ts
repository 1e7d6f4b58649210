/**
 * Context notes: what a student tells their tutor about a week ("family bereavement this week"), written
 * by the student themselves, with an optional last day it applies to. A note is current from the moment it
 * is added until the end of its last day (or until withdrawn, when there is none); withdrawing deletes it.
 * Holds a student id: governance export and erasure must include this collection.
 */
import { randomUUID } from 'node:crypto';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export interface ContextNote {
  id: string;
  studentId: string;
  text: string;
  addedAt: Date;
  /** The last day the note applies to, yyyy-mm-dd; null while it applies until withdrawn. */
  until: string | null;
}

/** A note is current on `today` (yyyy-mm-dd) when it has no last day or its last day is today or later. */
export function isCurrent(note: Pick<ContextNote, 'until'>, today: string): boolean {
  return note.until === null || note.until >= today;
}

export function contextNoteRepository(db: DocumentDb) {
  const notes = db.collection<ContextNote>(COLLECTIONS.contextNotes.name);
  return {
    async add(entry: Omit<ContextNote, 'id'>): Promise<ContextNote> {
      const note: ContextNote = { id: randomUUID().slice(0, 8), ...entry };
      await notes.insertOne({ ...note });
      return note;
    },
    /** Every note the student has, newest first. */
    notesOf: (studentId: string) =>
      notes.find({ studentId }, { projection: WITHOUT_ID, sort: { addedAt: -1 } }).toArray(),
    /** The student's notes current on `today`, newest first. */
    async currentFor(studentId: string, today: string): Promise<ContextNote[]> {
      return (
        await notes.find({ studentId }, { projection: WITHOUT_ID, sort: { addedAt: -1 } }).toArray()
      ).filter((note) => isCurrent(note, today));
    },
    /** Ids of the students with a note current on `today`: the digest's marker. */
    async studentsWithCurrentNotes(today: string): Promise<Set<string>> {
      const rows = await notes
        .find(
          { $or: [{ until: null }, { until: { $gte: today } }] },
          { projection: { _id: 0, studentId: 1 } },
        )
        .toArray();
      return new Set(rows.map((row) => row.studentId));
    },
    /** Deletes the student's own note; false when they have no note with that id. */
    async withdraw(studentId: string, id: string): Promise<boolean> {
      const result = await notes.deleteOne({ studentId, id });
      return result.deletedCount === 1;
    },
  };
}

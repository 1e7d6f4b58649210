/**
 * The staff contact log: who contacted a student, when, how, and a short note. The latest contact per
 * student drives "days since contact" and the priority list.
 */
import type { ContactChannel } from '../domain/model.ts';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export interface Contact {
  id: string;
  studentId: string;
  staffId: string;
  at: Date;
  channel: ContactChannel;
  note: string;
}

export function contactRepository(db: DocumentDb) {
  const contacts = db.collection<Contact>(COLLECTIONS.contacts.name);
  return {
    async saveContacts(entries: readonly Contact[]): Promise<void> {
      if (entries.length > 0) await contacts.insertMany(entries.map((entry) => ({ ...entry })));
    },
    contactsFor: (studentId: string, limit = 10) =>
      contacts.find({ studentId }, { projection: WITHOUT_ID, sort: { at: -1 }, limit }).toArray(),
    /** The most recent contact, at or before `asOf`, of every student who has one. */
    async lastContactByStudent(asOf: Date): Promise<Map<string, Date>> {
      const rows = await contacts
        .aggregate<{ _id: string; last: Date }>([
          { $match: { at: { $lte: asOf } } },
          { $group: { _id: '$studentId', last: { $max: '$at' } } },
        ])
        .toArray();
      return new Map(rows.map((row) => [row._id, new Date(row.last)]));
    },
    /** Each student's first contact in the inclusive range: the intervention whose recovery is measured. */
    async firstContactByStudent(from: Date, to: Date): Promise<Map<string, Date>> {
      const rows = await contacts
        .aggregate<{ _id: string; first: Date }>([
          { $match: { at: { $gte: from, $lte: to } } },
          { $group: { _id: '$studentId', first: { $min: '$at' } } },
        ])
        .toArray();
      return new Map(rows.map((row) => [row._id, new Date(row.first)]));
    },
  };
}

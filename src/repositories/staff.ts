/** Staff look-ups: by id (case owners, contact authors, tutors) and by email (a chat user's identity). */
import type { Staff, StaffRole } from '../domain/model.ts';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export function staffRepository(db: DocumentDb) {
  const staff = db.collection<Staff>(COLLECTIONS.staff.name);
  return {
    byId: (id: string) => staff.findOne({ id }, { projection: WITHOUT_ID }),
    /** Emails are compared case-insensitively: stored as given, looked up lower-cased and as given. */
    async byEmail(email: string): Promise<Staff | null> {
      const trimmed = email.trim();
      const lower = trimmed.toLowerCase();
      return staff.findOne(
        { email: { $in: lower === trimmed ? [trimmed] : [trimmed, lower] } },
        {
          projection: WITHOUT_ID,
        },
      );
    },
    all: () => staff.find({}, { projection: WITHOUT_ID, sort: { id: 1 } }).toArray(),
    withRole: (role: StaffRole) =>
      staff.find({ roles: role }, { projection: WITHOUT_ID, sort: { name: 1 } }).toArray(),
  };
}

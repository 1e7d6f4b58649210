/**
 * Logging a staff contact (docs/rules.md): who (the actor), when (now, or an earlier date), how (meeting, call,
 * email, message) and a short note. It resets the student's "days since contact" and, when the student has
 * an open or monitoring case, goes onto that case's timeline too; a contact by the student's claimant closes
 * their claim.
 */
import { randomUUID } from 'node:crypto';
import { CONTACT_CHANNELS, type ContactChannel } from '../domain/model.ts';
import type { Contact } from '../repositories/contacts.ts';
import type { Repositories } from '../repositories/index.ts';
import { CaseServiceError, type ActingAs } from './errors.ts';

export const CONTACT_NOTE_MAX_CHARS = 500;

export interface LogContactInput {
  studentId: string;
  channel: ContactChannel;
  /** Short and never sensitive; may be empty. */
  note?: string;
  /** When the contact happened; now when not given. Never in the future. */
  at?: Date;
}

export interface LoggedContact {
  contact: Contact;
  /** The active case whose timeline the contact was added to, or null when the student has none. */
  caseId: string | null;
}

export async function logContact(
  repos: Repositories,
  input: LogContactInput,
  acting: ActingAs,
): Promise<LoggedContact> {
  if (!CONTACT_CHANNELS.includes(input.channel)) {
    throw new CaseServiceError('invalid', `channel must be one of ${CONTACT_CHANNELS.join(', ')}`);
  }
  const note = (input.note ?? '').trim();
  if (note.length > CONTACT_NOTE_MAX_CHARS) {
    throw new CaseServiceError(
      'invalid',
      `note must be at most ${CONTACT_NOTE_MAX_CHARS} characters (got ${note.length})`,
    );
  }
  const at = input.at ?? acting.now;
  if (Number.isNaN(at.getTime()) || at.getTime() > acting.now.getTime()) {
    throw new CaseServiceError('invalid', 'the contact date must be a valid date, not in the future');
  }
  const student = await repos.institution.findStudent(input.studentId);
  if (!student) throw new CaseServiceError('not-found', `no student with id "${input.studentId}"`);

  const contact: Contact = {
    id: randomUUID(),
    studentId: student.id,
    staffId: acting.actorStaffId,
    at,
    channel: input.channel,
    note,
  };
  await repos.contacts.saveContacts([contact]);
  // The claimant's contact is what their claim ("I'll contact") promised: it closes the claim.
  await repos.claims.closeByContact(student.id, acting.actorStaffId, acting.now);
  const active = await repos.cases.activeCaseFor(student.id);
  if (!active) return { contact, caseId: null };
  await repos.cases.appendTimeline(active.id, {
    at,
    kind: 'contact',
    text: note === '' ? `contact by ${input.channel}` : `contact by ${input.channel}: ${note}`,
    by: acting.actorStaffId,
  });
  return { contact, caseId: active.id };
}

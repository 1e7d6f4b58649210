/**
 * Logging a contact from chat: the form (channel, note, date defaulting to today) and the submission,
 * which saves the contact through the contact service (onto the active case's timeline too) and
 * refreshes the student card in place with "Contact logged by Sam Lee, 10:32". A contact resets "days
 * since contact", so the shared week snapshot is refreshed.
 */
import { logContact as saveContact } from '../../cases/contactService.ts';
import { CaseServiceError } from '../../cases/errors.ts';
import type { ParsedChatAction } from '../actions.ts';
import type { Viewer } from '../context/access.ts';
import type { ChatCore } from '../core.ts';
import { contactForm } from '../views/forms.ts';
import { notice } from '../views/notices.ts';
import type { ChatResponse } from '../ports.ts';
import { permittedStudent, showStudentById } from './studentLookup.ts';

type LogContact = Extract<ParsedChatAction, { op: 'logContact' }>;

export async function openContactForm(
  core: ChatCore,
  viewer: Viewer,
  studentId: string,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedStudent(core, viewer, studentId, now);
  if ('refusal' in permitted) return permitted.refusal;
  const { student } = permitted;
  return {
    view: contactForm({ id: student.id, name: student.name }, core.localDate(now, viewer.timeZone)),
    mode: 'modal',
  };
}

export async function logContact(
  core: ChatCore,
  viewer: Viewer,
  action: LogContact,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedStudent(core, viewer, action.studentId, now);
  if ('refusal' in permitted) return permitted.refusal;
  const { student } = permitted;
  const today = core.localDate(now, viewer.timeZone);
  const date = action.date ?? today;
  if (date > today) {
    return {
      view: notice(
        'warning',
        'Date in the future',
        `A contact cannot be logged for ${date}: it has not happened yet.`,
      ),
      mode: 'reply',
    };
  }
  const at = date === today ? now : new Date(`${date}T12:00:00Z`);
  try {
    await saveContact(
      core.repos,
      { studentId: student.id, channel: action.channel, note: action.note, at },
      { now, actorStaffId: viewer.staff.id },
    );
  } catch (error) {
    if (!(error instanceof CaseServiceError)) throw error;
    return { view: notice('warning', 'Not done', `${error.message}.`), mode: 'reply' };
  }
  core.snapshots.invalidate();
  return showStudentById(core, viewer, student.id, now, {
    confirmation: `Contact logged by ${viewer.staff.name}, ${core.clockTime(now, viewer.timeZone)}`,
  });
}

/**
 * Logging a contact from chat: the form (channel, note, date defaulting to today) and the submission,
 * which saves the contact and refreshes the student card in place with "Contact logged by Sam Lee, 10:32".
 * A contact resets "days since contact", so the shared week snapshot is refreshed.
 */
import { randomUUID } from 'node:crypto';
import type { ParsedChatAction } from './actions.ts';
import type { Viewer } from './access.ts';
import type { ChatCore } from './core.ts';
import { contactForm } from './forms.ts';
import { notice } from './notices.ts';
import type { ChatResponse } from './ports.ts';
import { deniedStudent, mayView, recordDenied, showStudentById } from './studentLookup.ts';

type LogContact = Extract<ParsedChatAction, { op: 'logContact' }>;

export async function openContactForm(
  core: ChatCore,
  viewer: Viewer,
  studentId: string,
  now: Date,
): Promise<ChatResponse> {
  const student = await core.repos.institution.findStudent(studentId);
  if (!student)
    return { view: notice('info', 'No match', `No student has the id "${studentId}".`), mode: 'reply' };
  if (!(await mayView(core, viewer, student))) {
    await recordDenied(core, viewer, student.id, now);
    return { view: deniedStudent(viewer), mode: 'reply' };
  }
  return { view: contactForm({ id: student.id, name: student.name }, core.localDate(now)), mode: 'modal' };
}

export async function logContact(
  core: ChatCore,
  viewer: Viewer,
  action: LogContact,
  now: Date,
): Promise<ChatResponse> {
  const student = await core.repos.institution.findStudent(action.studentId);
  if (!student) {
    return {
      view: notice('info', 'No match', `No student has the id "${action.studentId}".`),
      mode: 'reply',
    };
  }
  if (!(await mayView(core, viewer, student))) {
    await recordDenied(core, viewer, student.id, now);
    return { view: deniedStudent(viewer), mode: 'reply' };
  }
  const today = core.localDate(now);
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
  await core.repos.contacts.saveContacts([
    {
      id: randomUUID(),
      studentId: student.id,
      staffId: viewer.staff.id,
      at,
      channel: action.channel,
      note: action.note.trim(),
    },
  ]);
  core.snapshots.invalidate();
  return showStudentById(core, viewer, student.id, now, {
    confirmation: `Contact logged by ${viewer.staff.name}, ${core.clockTime(now)}`,
  });
}

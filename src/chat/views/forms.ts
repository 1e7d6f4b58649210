/** The forms a card opens: log a contact, open a case, add a case note. Submitting sends the action back. */
import { CONTACT_CHANNELS, type Staff } from '../../domain/model.ts';
import type { FormView } from './viewModel.ts';

const CHANNEL_LABELS: Record<(typeof CONTACT_CHANNELS)[number], string> = {
  meeting: 'Meeting',
  call: 'Phone call',
  email: 'Email',
  message: 'Message',
};

/** The longest notes a form accepts (the action schema enforces the same). */
export const CONTACT_NOTE_MAX = 500;
export const CASE_REASON_MAX = 500;
export const CASE_NOTE_MAX = 1000;

export function contactForm(student: { id: string; name: string }, today: string): FormView {
  return {
    kind: 'form',
    form: 'log-contact',
    title: `Log contact with ${student.name}`,
    student,
    fields: [
      {
        kind: 'choice',
        id: 'channel',
        label: 'How',
        options: CONTACT_CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value] })),
        value: 'meeting',
      },
      {
        kind: 'text',
        id: 'note',
        label: 'Note (short; no sensitive detail)',
        multiline: true,
        maxLength: CONTACT_NOTE_MAX,
        required: false,
      },
      { kind: 'date', id: 'date', label: 'Date', value: today },
    ],
    submit: {
      label: 'Log contact',
      style: 'primary',
      action: { op: 'logContact', studentId: student.id, channel: 'meeting', date: today },
    },
  };
}

export function caseForm(
  student: { id: string; name: string },
  owners: readonly Staff[],
  me: Staff,
): FormView {
  const choices = [me, ...owners.filter((owner) => owner.id !== me.id)];
  return {
    kind: 'form',
    form: 'open-case',
    title: `Open a support case for ${student.name}`,
    student,
    fields: [
      {
        kind: 'text',
        id: 'reason',
        label: 'Reason',
        multiline: true,
        maxLength: CASE_REASON_MAX,
        required: true,
      },
      {
        kind: 'choice',
        id: 'ownerId',
        label: 'Owner',
        options: choices.map((staff) => ({
          value: staff.id,
          label: staff.id === me.id ? `${staff.name} (you)` : `${staff.name} (student support)`,
        })),
        value: me.id,
      },
    ],
    submit: {
      label: 'Open case',
      style: 'primary',
      action: { op: 'openCase', studentId: student.id, reason: '', ownerId: me.id },
    },
  };
}

export function caseNoteForm(caseId: string, student: { id: string; name: string }): FormView {
  return {
    kind: 'form',
    form: 'case-note',
    title: `Add a note to ${student.name}'s case`,
    student,
    fields: [
      { kind: 'text', id: 'note', label: 'Note', multiline: true, maxLength: CASE_NOTE_MAX, required: true },
    ],
    submit: { label: 'Add note', style: 'primary', action: { op: 'addCaseNote', caseId, note: '' } },
  };
}

/** The form a student adds a context note with: what their tutor should know, and an optional last day. */
import type { FormView } from '../chat/views/viewModel.ts';

/** The longest note a student may add (the action schema enforces the same). */
export const CONTEXT_NOTE_MAX = 300;

export function contextNoteForm(student: { id: string; name: string }): FormView {
  return {
    kind: 'form',
    form: 'context-note',
    title: 'Add a context note for your tutor',
    student,
    fields: [
      {
        kind: 'text',
        id: 'text',
        label: 'What should your tutor know? (for example "family bereavement this week")',
        multiline: true,
        maxLength: CONTEXT_NOTE_MAX,
        required: true,
      },
      {
        kind: 'text',
        id: 'until',
        label: 'Last day it applies, yyyy-mm-dd (optional: leave empty to keep it until you withdraw it)',
        multiline: false,
        maxLength: 10,
        required: false,
      },
    ],
    submit: { label: 'Add note', style: 'primary', action: { op: 'addContextNote', text: '' } },
  };
}

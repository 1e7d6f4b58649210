/**
 * The "Known reason" form a digest row or student card opens: the reason category, a short note and the
 * last day the student is left out (offered two weeks ahead; at most eight).
 */
import type { FormView } from '../chat/views/viewModel.ts';
import { shiftDay } from './calendarDays.ts';
import {
  EXEMPTION_CATEGORIES,
  EXEMPTION_CATEGORY_LABELS,
  EXEMPTION_MAX_DAYS,
  EXEMPTION_NOTE_MAX,
} from './exemptionRules.ts';

/** The last day the form offers: two weeks from today. */
const OFFERED_DAYS = 14;

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

export function exemptionForm(student: { id: string; name: string }, today: string): FormView {
  const until = shiftDay(today, OFFERED_DAYS);
  return {
    kind: 'form',
    form: 'known-reason',
    title: `Known reason for ${student.name}`,
    student,
    fields: [
      {
        kind: 'choice',
        id: 'category',
        label: 'Reason',
        options: EXEMPTION_CATEGORIES.map((value) => ({
          value,
          label: capitalised(EXEMPTION_CATEGORY_LABELS[value]),
        })),
        value: 'illness',
      },
      {
        kind: 'text',
        id: 'note',
        label: 'Short note (only staff who may see the student read it; no medical detail)',
        multiline: true,
        maxLength: EXEMPTION_NOTE_MAX,
        required: false,
      },
      {
        kind: 'date',
        id: 'until',
        label: `Last day left out of digests and alerts (at most ${EXEMPTION_MAX_DAYS / 7} weeks ahead)`,
        value: until,
      },
    ],
    submit: {
      label: 'Set known reason',
      style: 'primary',
      action: { op: 'setExemption', studentId: student.id, category: 'illness', until },
    },
  };
}

/** The template data of a student's own view (cards/student-self.json). */
import type { StudentSelfView } from '../../src/chat/views/viewModel.ts';
import { truncate } from '../../src/chat/views/viewFormat.ts';
import { noteDates } from '../../src/students/selfView.ts';
import { TEAMS_MAX_LABEL_CHARS, TEAMS_MAX_TEXT_CHARS } from './limits.ts';

export function studentSelfData(view: StudentSelfView, rowCap: number): Record<string, unknown> {
  const label = (value: string) => truncate(value, TEAMS_MAX_LABEL_CHARS);
  const text = (value: string) => truncate(value, TEAMS_MAX_TEXT_CHARS);
  const notes = view.notes.slice(0, Math.max(0, rowCap));
  return {
    fallbackText: label(view.confirmation ?? view.title),
    title: label(view.title),
    hasConfirmation: view.confirmation !== null,
    confirmation: text(view.confirmation ?? ''),
    trend: view.trend.map((sentence) => ({ text: text(sentence) })),
    hasChart: view.chart !== null,
    chart: view.chart ?? { url: '', alt: '' },
    dataKinds: view.dataKinds.map((kind) => ({ text: text(`• ${kind}`) })),
    assurances: view.assurances.map((line) => ({ text: text(line) })),
    contact: text(view.contact),
    noNotes: view.notes.length === 0,
    notes: notes.map((note) => ({
      text: text(note.text),
      dates: label(`${noteDates(note)} · ${note.id}`),
      withdraw: { label: label(note.withdraw.label), action: note.withdraw.action },
    })),
    hasHidden: view.notes.length > notes.length,
    hiddenLine: `and ${view.notes.length - notes.length} more`,
    buttons: view.buttons.map((button) => ({
      label: label(button.label),
      action: button.action,
      style: button.style === 'primary' ? 'positive' : 'default',
    })),
  };
}

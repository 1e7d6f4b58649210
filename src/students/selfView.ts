/**
 * A student's own view, as a chat view: their trend in plain words (the score only when the institution
 * shows it), the trend chart, which kinds of data are used, that it is counts only and never used for
 * academic progression, who to contact, and their context notes with a button to withdraw each. Built
 * from the student's own data only: no peer, no case, no staff note, no list or risk label reaches it.
 */
import type { Source } from '../domain/model.ts';
import type { ContextNote } from '../repositories/contextNotes.ts';
import { isCurrent } from '../repositories/contextNotes.ts';
import type { ImageRef, StudentSelfView } from '../chat/views/viewModel.ts';
import { COUNTS_ONLY, dataKindsInWords, NEVER_FOR_PROGRESSION } from './dataKinds.ts';
import type { StudentViewSettings } from './settings.ts';
import { trendInWords, type WeekScore } from './trendWords.ts';

export interface SelfViewInput {
  firstName: string;
  /** The student's scored weeks, oldest first. */
  history: readonly WeekScore[];
  settings: StudentViewSettings;
  sources: readonly Pick<Source, 'kind' | 'enabled'>[];
  /** The student's notes, newest first. */
  notes: readonly ContextNote[];
  /** yyyy-mm-dd in the institution's time zone. */
  today: string;
  /** yyyy-mm-dd of an instant in the institution's time zone. */
  localDate(at: Date): string;
  chart: ImageRef | null;
  confirmation: string | null;
}

export function buildStudentSelfView(input: SelfViewInput): StudentSelfView {
  const { settings } = input;
  return {
    kind: 'student-self',
    title: `Your engagement, ${input.firstName}`,
    trend: trendInWords(input.history, { showScore: settings.showScore }),
    score: settings.showScore ? (input.history.at(-1)?.score ?? null) : null,
    chart: input.chart,
    dataKinds: dataKindsInWords(input.sources),
    assurances: [COUNTS_ONLY, NEVER_FOR_PROGRESSION],
    contact: settings.contactLine,
    notes: input.notes.map((note) => ({
      id: note.id,
      text: note.text,
      added: input.localDate(note.addedAt),
      until: note.until,
      current: isCurrent(note, input.today),
      withdraw: { label: 'Withdraw', action: { op: 'withdrawContextNote', noteId: note.id } },
    })),
    confirmation: input.confirmation,
    buttons: [{ label: 'Add a context note', action: { op: 'openContextNoteForm' }, style: 'primary' }],
  };
}

/** "added 2026-11-30, until 2026-12-06" / "… until you withdraw it" / "… ended 2026-11-20". */
export function noteDates(note: StudentSelfView['notes'][number]): string {
  if (note.until === null) return `added ${note.added}, until you withdraw it`;
  return `added ${note.added}, ${note.current ? 'until' : 'ended'} ${note.until}`;
}

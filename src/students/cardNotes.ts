/** A student's current context notes on the card their tutor (or anyone entitled) opens, in the card's notes. */
import type { ContextNote } from '../repositories/contextNotes.ts';
import type { StudentCardView } from '../chat/views/viewModel.ts';

export function withContextNotes(
  card: StudentCardView,
  notes: readonly ContextNote[],
  localDate: (at: Date) => string,
): StudentCardView {
  if (notes.length === 0) return card;
  const lines = notes.map(
    (note) =>
      `Context note from the student (added ${localDate(note.addedAt)}${note.until ? `, until ${note.until}` : ''}): ${note.text}`,
  );
  return { ...card, notes: [...lines, ...card.notes] };
}

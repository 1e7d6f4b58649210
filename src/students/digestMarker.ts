/**
 * The marker a tutor sees on a digest row when the student has a current context note: the row says so,
 * and the note itself is on the student's card (opening it is audited like any look at a student).
 */
import type { DigestView } from '../chat/views/viewModel.ts';

/** The digest with `contextNote` set on the rows of students in `noted`. */
export function markContextNotes(view: DigestView, noted: ReadonlySet<string>): DigestView {
  if (noted.size === 0) return view;
  return {
    ...view,
    sections: view.sections.map((section) => ({
      ...section,
      rows: section.rows.map((row) => (noted.has(row.studentId) ? { ...row, contextNote: true } : row)),
    })),
  };
}

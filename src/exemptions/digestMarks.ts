/**
 * What exemptions do to a digest: students exempt on the digest's day are left out (and counted), students
 * whose exemption ended in the week before come back marked "returning from exemption", and every row
 * listed offers "Known reason".
 */
import type { DigestView } from '../chat/views/viewModel.ts';
import type { ExemptionSummary } from '../repositories/exemptions.ts';
import type { SignalEntry } from '../weekly/loadSignals.ts';

/** The exemptions a digest built on one day reads (repos.exemptions.exemptOn and returningOn). */
export interface DigestExemptions {
  exempt: ReadonlyMap<string, ExemptionSummary>;
  returning: ReadonlyMap<string, ExemptionSummary>;
}

/** The entries of students not exempt on the digest's day. */
export function leaveOutExempt(entries: SignalEntry[], exemptions: DigestExemptions): SignalEntry[] {
  if (exemptions.exempt.size === 0) return entries;
  return entries.filter((entry) => !exemptions.exempt.has(entry.student.id));
}

/** The digest with its exempt count, returning rows marked and "Known reason" on every row. */
export function markExemptions(
  view: DigestView,
  exemptCount: number,
  exemptions: DigestExemptions,
): DigestView {
  return {
    ...view,
    exemptCount,
    sections: view.sections.map((section) => ({
      ...section,
      rows: section.rows.map((row) => ({
        ...row,
        ...(exemptions.returning.has(row.studentId) ? { returning: true } : {}),
        buttons: [
          ...(row.buttons ?? []),
          { label: 'Known reason', action: { op: 'openExemptionForm', studentId: row.studentId } },
        ],
      })),
    })),
  };
}

/**
 * What exemptions do to a digest's rows: students exempt on the digest's day are counted, not listed (the
 * digest view leaves them out: `exemptStudentIds`), students whose exemption ended in the week before come
 * back marked "returning from exemption", and every row listed offers "Known reason".
 */
import type { DigestView } from '../chat/views/viewModel.ts';
import type { ExemptionSummary } from '../repositories/exemptions.ts';

/** The exemptions a digest built on one day reads (repos.exemptions.exemptOn and returningOn). */
export interface DigestExemptions {
  exempt: ReadonlyMap<string, ExemptionSummary>;
  returning: ReadonlyMap<string, ExemptionSummary>;
}

/** The digest with returning rows marked and "Known reason" on every row (the exempt are not listed). */
export function markExemptions(view: DigestView, exemptions: DigestExemptions): DigestView {
  return {
    ...view,
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

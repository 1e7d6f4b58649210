/**
 * A student's exemption on their card: "Exempt until <last day> (<category>)" first among the notes, with
 * the note and who set it, and the card's button — "Known reason" to set one, or, for an administrator,
 * "End exemption" while one applies.
 */
import type { StudentCardView } from '../chat/views/viewModel.ts';
import type { Exemption } from '../repositories/exemptions.ts';
import { exemptUntilLine } from './exemptionRules.ts';

export function withExemption(
  card: StudentCardView,
  exemption: Exemption | null,
  options: { admin: boolean; staffName: (id: string) => string; localDate: (at: Date) => string },
): StudentCardView {
  const studentId = card.student.id;
  if (!exemption) {
    return {
      ...card,
      buttons: [...card.buttons, { label: 'Known reason', action: { op: 'openExemptionForm', studentId } }],
    };
  }
  const note = exemption.note ? `: ${exemption.note}` : '';
  const marker = `${exemptUntilLine(exemption)}${note} (set by ${options.staffName(exemption.setBy)} on ${options.localDate(exemption.setAt)}; left out of digests, alerts and workflow steps).`;
  const buttons = options.admin
    ? [
        ...card.buttons,
        {
          label: 'End exemption',
          action: { op: 'endExemption' as const, exemptionId: exemption.id },
          style: 'danger' as const,
        },
      ]
    : card.buttons;
  return { ...card, notes: [marker, ...card.notes], buttons };
}

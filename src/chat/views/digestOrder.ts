/**
 * Who a digest lists first. A student "needs action" when the risk model flags them At Risk or their score
 * is declining, nobody has claimed them, and no contact is logged in the last NO_CONTACT_DAYS days — the
 * same window the rows' "days since contact" and the priority-contact list are read against. Within a
 * list, those come first, then the other unclaimed students, then those someone has claimed but not yet
 * contacted; each group keeps the list's own order.
 */
import { AT_RISK_TRAJECTORY, type ListEntry } from '../../signals/lists.ts';
import { DEFAULT_SIGNAL_CONFIG } from '../../signals/config.ts';

/** A student a member of staff has said they will contact (issue 15's claims). */
export interface DigestClaim {
  by: string;
  byName: string;
  since: Date;
  /** The claimant has logged a contact since claiming: the student is counted, not listed. */
  contacted: boolean;
}

export type DigestClaims = ReadonlyMap<string, DigestClaim>;

/** Days without a logged contact after which a flagged student counts as not contacted. */
export const NO_CONTACT_DAYS = DEFAULT_SIGNAL_CONFIG.contactWindowDays;

export function needsAction(entry: ListEntry, claims: DigestClaims): boolean {
  const flagged = entry.trajectory === AT_RISK_TRAJECTORY || entry.signals.declining;
  const days = entry.signals.daysSinceContact;
  return flagged && (days === null || days >= NO_CONTACT_DAYS) && !claims.has(entry.student.id);
}

/** The list reordered: needs action, then the other unclaimed students, then the claimed ones (stable). */
export function actionFirst<E extends ListEntry>(entries: readonly E[], claims: DigestClaims): E[] {
  const tier = (entry: E) => (needsAction(entry, claims) ? 0 : claims.has(entry.student.id) ? 2 : 1);
  return entries
    .map((entry, index) => ({ entry, index, tier: tier(entry) }))
    .sort((a, b) => a.tier - b.tier || a.index - b.index)
    .map(({ entry }) => entry);
}

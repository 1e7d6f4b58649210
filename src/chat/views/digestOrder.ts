/**
 * Who a digest lists first. A student "needs action" when the risk model flags them At Risk or their score
 * is declining, nobody has claimed them, and no contact is logged in the last NO_CONTACT_DAYS days — the
 * same window the rows' "days since contact" and the priority-contact list are read against. Within a
 * list, those come first, then the other unclaimed students, then those someone has claimed but not yet
 * contacted; each group keeps the list's own order.
 */
import { AT_RISK_TRAJECTORY, type ListEntry } from '../../signals/lists.ts';
import { DEFAULT_SIGNAL_CONFIG } from '../../signals/config.ts';
import type { ClaimState } from '../../repositories/claims.ts';

/** Each student's latest claim (repos.claims.claimsAt): held, closed by the claimant's contact, or lapsed. */
export type DigestClaims = ReadonlyMap<string, ClaimState>;

/** The student's claim while it is in force, held or contacted; a lapsed claim is none. */
function claimInForce(claims: DigestClaims, studentId: string): ClaimState | undefined {
  const claim = claims.get(studentId);
  return claim?.state === 'lapsed' ? undefined : claim;
}

/** Days without a logged contact after which a flagged student counts as not contacted. */
export const NO_CONTACT_DAYS = DEFAULT_SIGNAL_CONFIG.contactWindowDays;

export function needsAction(entry: ListEntry, claims: DigestClaims): boolean {
  const flagged = entry.trajectory === AT_RISK_TRAJECTORY || entry.signals.declining;
  const days = entry.signals.daysSinceContact;
  return (
    flagged &&
    (days === null || days >= NO_CONTACT_DAYS) &&
    claimInForce(claims, entry.student.id) === undefined
  );
}

/** The list reordered: needs action, then the other unclaimed students, then the claimed ones (stable). */
export function actionFirst<E extends ListEntry>(entries: readonly E[], claims: DigestClaims): E[] {
  const tier = (entry: E) =>
    needsAction(entry, claims) ? 0 : claimInForce(claims, entry.student.id) ? 2 : 1;
  return entries
    .map((entry, index) => ({ entry, index, tier: tier(entry) }))
    .sort((a, b) => a.tier - b.tier || a.index - b.index)
    .map(({ entry }) => entry);
}

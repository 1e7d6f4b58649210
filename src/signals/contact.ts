/**
 * "No contact" (docs/signals.md): whole UTC calendar days from the latest staff contact at or before `asOf` to
 * `asOf` (same day = 0); null when there has never been one. Contacts after `asOf` are ignored, so a past
 * week's lists can be recomputed exactly.
 */
const DAY_MS = 86_400_000;

function utcDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

export function daysSinceContact(contacts: readonly Date[], asOf: Date): number | null {
  let latest: number | null = null;
  for (const contact of contacts) {
    const at = contact.getTime();
    if (at <= asOf.getTime() && (latest === null || at > latest)) latest = at;
  }
  return latest === null ? null : utcDay(asOf) - utcDay(new Date(latest));
}

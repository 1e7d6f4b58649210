/**
 * How much a chat view shows at once, whatever the platform: longer content degrades (a page of rows and
 * a "more" button, "and 12 more") rather than failing. Platform limits proper (Block Kit's 50 blocks,
 * Teams' card payload size) live with the renderers.
 */

/** Rows per section in a digest page, unless the channel's link sets its own (`digest rows 12`). */
export const DIGEST_ROWS_PER_SECTION = 8;
/** The fewest and most rows per section a channel may ask for. */
export const DIGEST_ROWS_MIN = 1;
export const DIGEST_ROWS_MAX = 50;
/** Tutors counted on a programme channel's digest ("and 4 more tutors" beyond). */
export const MAX_DIGEST_TUTORS = 10;
/** Rows per page of a student list (a band, a whole list). */
export const LIST_PAGE_SIZE = 10;
/** Candidates offered when a name matches several students. */
export const MAX_CANDIDATES = 8;
/** The most cases a caseworker's own list (and their name searches) is drawn from. */
export const OWN_CASES_LIMIT = 2000;
/** Recent contacts on a student card. */
export const CARD_CONTACTS = 5;
/** Timeline entries on a case card (newest kept). */
export const CASE_TIMELINE_ENTRIES = 15;
/** Shared-cause notes on a digest. */
export const MAX_SHARED_CAUSE_NOTES = 3;
/** Characters of a contact note or timeline text shown on a card. */
export const NOTE_PREVIEW_CHARS = 200;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

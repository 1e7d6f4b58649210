/**
 * Microsoft Teams limits the card renderer keeps to. Teams refuses a bot message over 100 KB counted as
 * UTF-16 (Microsoft recommends staying under 80 KB; its older documentation said 40 KB), so a card is kept
 * under 40 KB of UTF-16 — well inside both, with room for the activity around it. Lists longer than the
 * row cap are cut with "and 12 more" and the view's paging button; a card still too big sheds rows.
 */

/** Largest serialised card, in bytes of UTF-16 (Teams counts the message payload that way). */
export const TEAMS_CARD_MAX_BYTES = 40 * 1024;

/** Most rows of any one list (students, contacts, timeline, candidates…) a card shows. */
export const TEAMS_MAX_LIST_ROWS = 25;

/** Row caps tried in turn until the card fits TEAMS_CARD_MAX_BYTES; 0 leaves only the "and N more" lines. */
export const TEAMS_ROW_CAPS = [TEAMS_MAX_LIST_ROWS, 15, 10, 5, 2, 0] as const;

/** Teams shows at most six card-level actions. */
export const TEAMS_MAX_CARD_ACTIONS = 6;

/** Longest free text (notes, reasons, explanations) shown in one text block. */
export const TEAMS_MAX_TEXT_CHARS = 1000;

/** Longest single-line label (names, titles, buttons). */
export const TEAMS_MAX_LABEL_CHARS = 120;

/**
 * Slack Block Kit limits the renderer keeps to (docs.slack.dev block and view references). Content that
 * would exceed one is cut with "…" or "and 12 more" and the view's paging button; it never fails a post.
 */

/** Blocks in one message. */
export const SLACK_MAX_MESSAGE_BLOCKS = 50;
/** Blocks in a modal or the App Home tab. */
export const SLACK_MAX_SURFACE_BLOCKS = 100;
/** A section's text. */
export const SLACK_SECTION_TEXT_MAX = 3000;
/** A header's plain text. */
export const SLACK_HEADER_TEXT_MAX = 150;
/** A button's label. */
export const SLACK_BUTTON_TEXT_MAX = 75;
/** A button's value (the ChatAction as JSON). */
export const SLACK_BUTTON_VALUE_MAX = 2000;
/** action_id and block_id. */
export const SLACK_ID_MAX = 255;
/** Fields in one section, and each field's text. */
export const SLACK_MAX_FIELDS = 10;
export const SLACK_FIELD_TEXT_MAX = 2000;
/** Elements in one context block, and each element's text. */
export const SLACK_MAX_CONTEXT_ELEMENTS = 10;
export const SLACK_CONTEXT_TEXT_MAX = 2000;
/** Elements in one actions block. */
export const SLACK_MAX_ACTIONS_ELEMENTS = 25;
/** An image block's alt text. */
export const SLACK_IMAGE_ALT_MAX = 2000;
/** Modal title, submit and close labels. */
export const SLACK_MODAL_TITLE_MAX = 24;
/** A modal's private_metadata. */
export const SLACK_PRIVATE_METADATA_MAX = 3000;
/** An input block's label; a select's options, each option's text and value; a text input's length. */
export const SLACK_INPUT_LABEL_MAX = 2000;
export const SLACK_MAX_OPTIONS = 100;
export const SLACK_OPTION_TEXT_MAX = 75;
export const SLACK_OPTION_VALUE_MAX = 150;
/** Options in an overflow menu (a row's "Open", "I'll contact", "Known reason", …). */
export const SLACK_MAX_OVERFLOW_OPTIONS = 5;
export const SLACK_TEXT_INPUT_MAX = 3000;
/** The message's plain `text` (notifications); Slack truncates past 40,000, we keep it short. */
export const SLACK_FALLBACK_TEXT_MAX = 3000;

/** Row caps tried in turn until a message fits its block budget; 0 leaves only the "and N more" lines. */
export const SLACK_ROW_CAPS = [20, 15, 12, 10, 8, 7, 6, 4, 2, 1, 0] as const;

/**
 * Block Kit building blocks that keep Slack's limits by construction: every text is escaped for mrkdwn
 * and truncated to its block's maximum, every button carries its ChatAction as JSON in `value` with a
 * unique action_id, and contexts, fields and action rows never hold more elements than Slack accepts.
 */
import type {
  ActionsBlock,
  Overflow,
  Button as SlackButton,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  ImageBlock,
  SectionBlock,
} from '@slack/types';
import type { Button, ImageRef } from '../../src/chat/views/viewModel.ts';
import { truncate } from '../../src/chat/views/viewFormat.ts';
import {
  SLACK_BUTTON_TEXT_MAX,
  SLACK_BUTTON_VALUE_MAX,
  SLACK_CONTEXT_TEXT_MAX,
  SLACK_FIELD_TEXT_MAX,
  SLACK_HEADER_TEXT_MAX,
  SLACK_ID_MAX,
  SLACK_IMAGE_ALT_MAX,
  SLACK_MAX_ACTIONS_ELEMENTS,
  SLACK_MAX_CONTEXT_ELEMENTS,
  SLACK_MAX_FIELDS,
  SLACK_MAX_OVERFLOW_OPTIONS,
  SLACK_OPTION_TEXT_MAX,
  SLACK_OPTION_VALUE_MAX,
  SLACK_SECTION_TEXT_MAX,
} from './limits.ts';

/** Every action_id the renderer writes starts with this. */
export const SLACK_ACTION_ID_PREFIX = 'engage';

/** Escapes the three characters Slack's mrkdwn treats as markup (user text such as names and notes). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Issues action_ids unique within one rendered surface. */
export class ActionIds {
  private next = 0;

  for(op: string): string {
    this.next += 1;
    return truncate(`${SLACK_ACTION_ID_PREFIX}:${op}:${this.next}`, SLACK_ID_MAX);
  }
}

export function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, SLACK_HEADER_TEXT_MAX), emoji: true },
  };
}

/** A section of mrkdwn (already escaped by the caller where it holds user text). */
export function section(mrkdwn: string, accessory?: SlackButton | Overflow): SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(mrkdwn, SLACK_SECTION_TEXT_MAX) },
    ...(accessory ? { accessory } : {}),
  };
}

/** Sections of label/value fields, ten to a block. */
export function fieldSections(fields: { title: string; value: string }[]): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += SLACK_MAX_FIELDS) {
    blocks.push({
      type: 'section',
      fields: fields.slice(start, start + SLACK_MAX_FIELDS).map((field) => ({
        type: 'mrkdwn' as const,
        text: truncate(`*${escapeMrkdwn(field.title)}*\n${escapeMrkdwn(field.value)}`, SLACK_FIELD_TEXT_MAX),
      })),
    });
  }
  return blocks;
}

/** A context line of up to ten mrkdwn elements (more are dropped: contexts are asides). */
export function context(elements: string[]): ContextBlock {
  return {
    type: 'context',
    elements: elements
      .slice(0, SLACK_MAX_CONTEXT_ELEMENTS)
      .map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, SLACK_CONTEXT_TEXT_MAX) })),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

/**
 * The image block for a chart, or none when there is no chart or its URL is not absolute: Slack fetches
 * images itself and refuses a whole message over a relative one (PUBLIC_BASE_URL unset).
 */
export function image(ref: ImageRef | null): ImageBlock[] {
  if (ref === null || !/^https?:\/\//.test(ref.url)) return [];
  return [{ type: 'image', image_url: ref.url, alt_text: truncate(ref.alt, SLACK_IMAGE_ALT_MAX) }];
}

/** A button sending `button.action`; null when its JSON would not fit Slack's value limit. */
export function button(ids: ActionIds, source: Button): SlackButton | null {
  const value = JSON.stringify(source.action);
  if (value.length > SLACK_BUTTON_VALUE_MAX) return null;
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(source.label, SLACK_BUTTON_TEXT_MAX), emoji: true },
    action_id: ids.for(source.action.op),
    value,
    ...(source.style ? { style: source.style } : {}),
  };
}

/** One actions block for the buttons (none when there are none), at most 25 of them. */
export function actions(ids: ActionIds, buttons: Button[]): ActionsBlock[] {
  const elements = buttons
    .map((source) => button(ids, source))
    .filter((element): element is SlackButton => element !== null)
    .slice(0, SLACK_MAX_ACTIONS_ELEMENTS);
  return elements.length === 0 ? [] : [{ type: 'actions', elements }];
}

/**
 * An overflow menu ("⋯") of buttons, for a row that offers more than one thing in the one accessory a
 * section has; each option's value is the ChatAction as JSON (buttons whose JSON is too long are left out).
 */
export function overflow(ids: ActionIds, buttons: Button[]): Overflow {
  const options = buttons
    .map((source) => ({
      text: { type: 'plain_text' as const, text: truncate(source.label, SLACK_OPTION_TEXT_MAX), emoji: true },
      value: JSON.stringify(source.action),
    }))
    .filter((option) => option.value.length <= SLACK_OPTION_VALUE_MAX)
    .slice(0, SLACK_MAX_OVERFLOW_OPTIONS);
  return { type: 'overflow', action_id: ids.for('row'), options };
}

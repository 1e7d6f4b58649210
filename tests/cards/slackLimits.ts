/** Checks a list of Block Kit blocks against every Slack limit the renderer promises to keep. */
import type { Block } from '../../adapters/slack/blocks.ts';
import {
  SLACK_BUTTON_TEXT_MAX,
  SLACK_BUTTON_VALUE_MAX,
  SLACK_CONTEXT_TEXT_MAX,
  SLACK_FIELD_TEXT_MAX,
  SLACK_HEADER_TEXT_MAX,
  SLACK_MAX_CONTEXT_ELEMENTS,
  SLACK_MAX_FIELDS,
  SLACK_MAX_OVERFLOW_OPTIONS,
  SLACK_OPTION_TEXT_MAX,
  SLACK_OPTION_VALUE_MAX,
  SLACK_SECTION_TEXT_MAX,
} from '../../adapters/slack/limits.ts';
import { chatActionSchema } from '../../src/chat/actions.ts';

export interface Loose {
  type?: string;
  text?: { text: string } | string;
  fields?: { text: string }[];
  elements?: Loose[];
  accessory?: Loose;
  value?: string;
  action_id?: string;
  /** An overflow menu's options. */
  options?: { text: { text: string }; value: string }[];
}

/** Every Slack limit the blocks must keep; returns the broken ones. */
export function limitProblems(blocks: Block[], maxBlocks: number): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
  const actionIds = new Set<string>();
  const checkButton = (element: Loose) => {
    if (element.type !== 'button') return;
    const label = typeof element.text === 'string' ? element.text : (element.text?.text ?? '');
    if (label.length > SLACK_BUTTON_TEXT_MAX) problems.push(`button label ${label.length}`);
    if ((element.value ?? '').length > SLACK_BUTTON_VALUE_MAX) problems.push('button value too long');
    if (!chatActionSchema.safeParse(JSON.parse(element.value ?? 'null')).success)
      problems.push(`bad action ${element.value}`);
    if (actionIds.has(element.action_id ?? '')) problems.push(`duplicate action_id ${element.action_id}`);
    actionIds.add(element.action_id ?? '');
  };
  const checkOverflow = (element: Loose) => {
    if (element.type !== 'overflow') return;
    const options = element.options ?? [];
    if (options.length < 2 || options.length > SLACK_MAX_OVERFLOW_OPTIONS)
      problems.push(`overflow with ${options.length} options`);
    for (const option of options) {
      if (option.text.text.length > SLACK_OPTION_TEXT_MAX) problems.push('overflow option text too long');
      if (option.value.length > SLACK_OPTION_VALUE_MAX) problems.push('overflow option value too long');
      if (!chatActionSchema.safeParse(JSON.parse(option.value)).success)
        problems.push(`bad action ${option.value}`);
    }
    if (actionIds.has(element.action_id ?? '')) problems.push(`duplicate action_id ${element.action_id}`);
    actionIds.add(element.action_id ?? '');
  };
  for (const block of blocks as Loose[]) {
    const text = typeof block.text === 'object' ? block.text.text : '';
    if (block.type === 'header' && text.length > SLACK_HEADER_TEXT_MAX)
      problems.push(`header ${text.length}`);
    if (block.type === 'section') {
      if (text.length > SLACK_SECTION_TEXT_MAX) problems.push(`section ${text.length}`);
      if ((block.fields ?? []).length > SLACK_MAX_FIELDS) problems.push('too many fields');
      for (const field of block.fields ?? [])
        if (field.text.length > SLACK_FIELD_TEXT_MAX) problems.push('field too long');
      if (block.accessory) checkButton(block.accessory);
      if (block.accessory) checkOverflow(block.accessory);
    }
    if (block.type === 'context') {
      if ((block.elements ?? []).length > SLACK_MAX_CONTEXT_ELEMENTS)
        problems.push('too many context elements');
      for (const element of block.elements ?? []) {
        if (typeof element.text === 'string' && element.text.length > SLACK_CONTEXT_TEXT_MAX)
          problems.push('context text too long');
      }
    }
    if (block.type === 'actions') for (const element of block.elements ?? []) checkButton(element);
  }
  return problems;
}

/** A block that opens a student: a row's "Open" button, or its "⋯" menu with Open among the options. */
export function opensStudent(block: Loose): boolean {
  const accessory = block.accessory as Loose | undefined;
  const values: unknown[] = [
    accessory?.value,
    ...((accessory?.options as Loose[] | undefined) ?? []).map((o) => o.value),
  ];
  return values.some((value) => typeof value === 'string' && value.includes('showStudent'));
}

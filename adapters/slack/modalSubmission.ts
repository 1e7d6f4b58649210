/**
 * A Slack modal's round trip: what travels in `private_metadata` when a form opens (the action the form
 * submits and where the card it came from lives), and turning a view_submission back into a ChatAction —
 * the inputs in `state.values` merged over the submit action, then validated with chatActionSchema, with
 * any invalid input reported against its block for `response_action: 'errors'`.
 */
import { z } from 'zod';
import { chatActionSchema, type ChatAction, type ParsedChatAction } from '../../src/chat/actions.ts';

/** Where the form was opened from, so the refreshed card goes back to the same place. */
export interface ModalOrigin {
  submit: ChatAction;
  channelId: string;
  workspaceId?: string;
  kind: 'channel' | 'group' | 'personal';
  /** The in-channel message to chat.update after the submission. */
  messageTs?: string;
  /** A response_url: replace the ephemeral card the form came from, or reply after a slash command. */
  responseUrl?: string;
  replaceOriginal?: boolean;
  /** Opened from the App Home tab: there is no message to refresh. */
  fromHome?: boolean;
}

const originSchema = z.object({
  submit: z.looseObject({ op: z.string() }),
  channelId: z.string().min(1),
  workspaceId: z.string().optional(),
  kind: z.enum(['channel', 'group', 'personal']),
  messageTs: z.string().optional(),
  responseUrl: z.url().optional(),
  replaceOriginal: z.boolean().optional(),
  fromHome: z.boolean().optional(),
});

export function encodeOrigin(origin: ModalOrigin): string {
  return JSON.stringify(origin);
}

export function decodeOrigin(privateMetadata: string): ModalOrigin | null {
  try {
    const result = originSchema.safeParse(JSON.parse(privateMetadata));
    return result.success ? (result.data as ModalOrigin) : null;
  } catch {
    return null;
  }
}

/** One input element's state as Slack sends it in view.state.values[block_id][action_id]. */
interface InputState {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_date?: string | null;
  selected_user?: string | null;
}

export type Submission =
  | { ok: true; action: ParsedChatAction }
  | { ok: false; errors: Record<string, string> }
  | { ok: false; reason: string };

/**
 * Merges the form inputs over the submit action (an input is named by its action_id; empty inputs are left
 * out so the action's defaults apply) and validates the result.
 */
export function readSubmission(
  submit: ChatAction,
  values: Record<string, Record<string, InputState>>,
): Submission {
  const inputs: Record<string, string> = {};
  const blockOf: Record<string, string> = {};
  for (const [blockId, elements] of Object.entries(values)) {
    for (const [actionId, state] of Object.entries(elements)) {
      blockOf[actionId] = blockId;
      const value = inputValue(state);
      if (value !== null && value.trim() !== '') inputs[actionId] = value.trim();
    }
  }
  const result = chatActionSchema.safeParse({ ...submit, ...inputs });
  if (result.success) return { ok: true, action: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    const blockId = blockOf[field];
    if (blockId === undefined)
      return { ok: false, reason: `form action: ${field || 'op'}: ${issue.message}` };
    errors[blockId] ??= inputProblem(issue, inputs[field]);
  }
  return { ok: false, errors };
}

function inputValue(state: InputState): string | null {
  return state.value ?? state.selected_option?.value ?? state.selected_date ?? state.selected_user ?? null;
}

function inputProblem(issue: z.core.$ZodIssue, given: string | undefined): string {
  if (given === undefined) return 'Please fill this in.';
  if (issue.code === 'too_big') return `Please keep this to ${String(issue.maximum)} characters or fewer.`;
  if (issue.code === 'too_small') return 'Please fill this in.';
  if (issue.code === 'invalid_format') return 'Please enter a date as yyyy-mm-dd.';
  return 'Please choose one of the options.';
}

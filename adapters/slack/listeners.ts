/**
 * The Bolt listeners that translate Slack to the chat core and back. A slash command asks the ChatApp
 * and, when the answer is ready within ACK_ANSWER_BUDGET_MS, acknowledges with it as the reply; otherwise
 * (and for forms) it acknowledges empty and delivers later. The other listeners acknowledge first (Slack's
 * 3-second deadline) and then ask the ChatApp and deliver its answer: `/engage <text>` →
 * command; a button's value (a JSON ChatAction) → action; a form (mode 'modal') → views.open with the
 * origin in private_metadata; a submitted form → validated inputs → action, the modal closed or its
 * invalid inputs named, the refreshed card put back where the form came from; App Home → views.publish.
 */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { chatActionSchema, type ParsedChatAction } from '../../src/chat/actions.ts';
import type { ChatApp, ChatContext, ChatPlace, ChatResponse } from '../../src/chat/ports.ts';
import type { FormView, NoticeView, View } from '../../src/chat/views/viewModel.ts';
import { renderBlocks, renderHome, renderModal } from './blocks.ts';
import { decodeOrigin, encodeOrigin, readSubmission, type ModalOrigin } from './modalSubmission.ts';
import { MalformedSlackRequest } from './receiver.ts';
import { postToResponseUrl } from './respond.ts';
import type { SlackUserDirectory } from './userDirectory.ts';

export const SLASH_COMMAND = '/engage';
/**
 * How long a slash command waits for its answer before acknowledging. An answer ready by then goes back in
 * the acknowledgement's body (Slack shows it as the reply: one HTTP exchange instead of two); a slower one
 * is acknowledged empty here and posted to response_url when ready. Well inside Slack's 3 seconds and the
 * receiver's ACK_DEADLINE_MS.
 */
export const ACK_ANSWER_BUDGET_MS = 1_500;

export interface ListenerDeps {
  chatApp: ChatApp;
  client: WebClient;
  users: SlackUserDirectory;
  now: () => Date;
  /** Overrides ACK_ANSWER_BUDGET_MS (tests take the slow path with 0). */
  ackAnswerBudgetMs?: number;
}

/** The parts of a block_actions payload Engage reads (inbound.ts checked the required ones). */
interface BlockActionsBody {
  trigger_id: string;
  user: { id: string; team_id?: string };
  team?: { id: string } | null;
  channel?: { id: string };
  response_url?: string;
  container?: { type: string; message_ts?: string; channel_id?: string; is_ephemeral?: boolean };
  view?: { type: string };
  actions: { value?: string; selected_option?: { value: string } }[];
}

interface ViewSubmissionBody {
  user: { id: string; team_id?: string };
  view: { private_metadata: string; state: { values: Parameters<typeof readSubmission>[1] } };
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    const place = placeOf(command.channel_id, command.team_id);
    const answering = contextFor(deps, command.user_id, place).then((context) =>
      deps.chatApp.command(context, command.text.trim()),
    );
    const early = await settledWithin(answering, deps.ackAnswerBudgetMs ?? ACK_ANSWER_BUDGET_MS);
    if (early.state === 'answered' && !isForm(early.response)) {
      await ack({ response_type: 'ephemeral', ...renderBlocks(early.response.view) });
      return;
    }
    if (early.state === 'failed') {
      await ack({ response_type: 'ephemeral', ...renderBlocks(COULD_NOT_ANSWER) });
      throw early.error;
    }
    await ack();
    await sayWhenFailing(command.response_url, async () => {
      const response = await answering;
      if (isForm(response)) {
        const origin = { ...originOf(place), responseUrl: command.response_url };
        await openForm(deps, command.trigger_id, response.view, origin);
        return;
      }
      await postToResponseUrl(command.response_url, {
        response_type: 'ephemeral',
        replace_original: false,
        ...renderBlocks(response.view),
      });
    });
  });

  app.action(/.*/, async ({ body, ack }) => {
    const payload = body as unknown as BlockActionsBody;
    const value = payload.actions[0]?.value ?? payload.actions[0]?.selected_option?.value;
    if (value === undefined) {
      await ack(); // a link button: Slack opens the URL, nothing to do here
      return;
    }
    const action = parseButtonValue(value);
    await ack();
    const fromHome = payload.container?.type === 'view';
    const channelId = payload.channel?.id ?? payload.container?.channel_id;
    const place =
      channelId === undefined || fromHome
        ? personalPlace(payload.user.id, payload.team?.id)
        : placeOf(channelId, payload.team?.id);
    await sayWhenFailing(payload.response_url, async () => {
      const response = await deps.chatApp.action(await contextFor(deps, payload.user.id, place), action);
      await deliverActionResponse(deps, payload, place, response, fromHome);
    });
  });

  app.view(/.*/, async ({ body, ack }) => {
    const payload = body as unknown as ViewSubmissionBody;
    const origin = decodeOrigin(payload.view.private_metadata);
    if (origin === null)
      throw new MalformedSlackRequest('view_submission: private_metadata is not an Engage form');
    const submission = readSubmission(origin.submit, payload.view.state.values);
    if ('reason' in submission) throw new MalformedSlackRequest(`view_submission: ${submission.reason}`);
    if (!submission.ok) {
      await ack({ response_action: 'errors', errors: submission.errors });
      return;
    }
    await ack({ response_action: 'clear' });
    const place: ChatPlace = {
      platform: 'slack',
      channelId: origin.channelId,
      kind: origin.kind,
      ...(origin.workspaceId ? { workspaceId: origin.workspaceId } : {}),
    };
    const response = await deps.chatApp.action(
      await contextFor(deps, payload.user.id, place),
      submission.action,
    );
    await deliverToOrigin(deps, payload.user.id, origin, response.view);
  });

  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const place: ChatPlace = { ...personalPlace(event.user, body.team_id), channelId: event.channel };
    const view = await deps.chatApp.home(await contextFor(deps, event.user, place));
    await deps.client.views.publish({ user_id: event.user, view: renderHome(view) });
  });
}

const COULD_NOT_ANSWER: NoticeView = {
  kind: 'notice',
  tone: 'error',
  title: 'Engage could not answer',
  text: 'Something went wrong on our side. Please try again in a minute.',
  buttons: [],
};

/**
 * Runs the work after an acknowledgement; if it fails, tells the person (privately, through response_url
 * when there is one) rather than leaving them with no answer, and rethrows for the log.
 */
async function sayWhenFailing(responseUrl: string | undefined, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (responseUrl) {
      await postToResponseUrl(responseUrl, {
        response_type: 'ephemeral',
        replace_original: false,
        ...renderBlocks(COULD_NOT_ANSWER),
      }).catch(() => {});
    }
    throw error;
  }
}

type Early =
  { state: 'answered'; response: ChatResponse } | { state: 'failed'; error: unknown } | { state: 'pending' };

/** What the answer came to within the budget: ready, failed, or still being worked on. */
function settledWithin(answering: Promise<ChatResponse>, budgetMs: number): Promise<Early> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ state: 'pending' }), budgetMs);
    answering.then(
      (response) => {
        clearTimeout(timer);
        resolve({ state: 'answered', response });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ state: 'failed', error });
      },
    );
  });
}

/** A form opens in a modal, which needs the trigger_id of an empty acknowledgement's request. */
function isForm(response: ChatResponse): response is ChatResponse & { view: FormView } {
  return response.mode === 'modal' && response.view.kind === 'form';
}

function parseButtonValue(value: string): ParsedChatAction {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new MalformedSlackRequest('block_actions: the action value is not JSON');
  }
  const result = chatActionSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new MalformedSlackRequest(
      `block_actions: action value ${issue.path.join('.') || 'op'}: ${issue.message}`,
    );
  }
  return result.data;
}

async function contextFor(deps: ListenerDeps, userId: string, place: ChatPlace): Promise<ChatContext> {
  const now = deps.now();
  const { timeZone, ...profile } = await deps.users.profile(userId);
  return {
    user: { platform: 'slack', id: userId, ...profile },
    place,
    now,
    ...(timeZone ? { timeZone } : {}),
  };
}

/** Slack channel ids say what they are: D… a direct message, G… a group DM or legacy private channel. */
function placeOf(channelId: string, teamId: string | undefined): ChatPlace {
  const kind = channelId.startsWith('D') ? 'personal' : channelId.startsWith('G') ? 'group' : 'channel';
  return { platform: 'slack', channelId, kind, ...(teamId ? { workspaceId: teamId } : {}) };
}

/** App Home has no channel: the user's own space, keyed by their user id. */
function personalPlace(userId: string, teamId: string | undefined): ChatPlace {
  return {
    platform: 'slack',
    channelId: userId,
    kind: 'personal',
    ...(teamId ? { workspaceId: teamId } : {}),
  };
}

function originOf(place: ChatPlace): Omit<ModalOrigin, 'submit'> {
  return {
    channelId: place.channelId,
    kind: place.kind,
    ...(place.workspaceId ? { workspaceId: place.workspaceId } : {}),
  };
}

async function openForm(
  deps: ListenerDeps,
  triggerId: string,
  form: FormView,
  origin: Omit<ModalOrigin, 'submit'>,
): Promise<void> {
  const privateMetadata = encodeOrigin({ ...origin, submit: form.submit.action });
  await deps.client.views.open({ trigger_id: triggerId, view: renderModal(form, privateMetadata) });
}

async function deliverActionResponse(
  deps: ListenerDeps,
  payload: BlockActionsBody,
  place: ChatPlace,
  response: ChatResponse,
  fromHome: boolean,
): Promise<void> {
  const message = payload.container;
  const inChannelTs = message?.type === 'message' && !message.is_ephemeral ? message.message_ts : undefined;
  if (response.mode === 'modal' && response.view.kind === 'form') {
    const origin = {
      ...originOf(place),
      ...(fromHome ? { fromHome: true } : {}),
      ...(inChannelTs ? { messageTs: inChannelTs } : {}),
      ...(!inChannelTs && payload.response_url
        ? { responseUrl: payload.response_url, replaceOriginal: true }
        : {}),
    };
    await openForm(deps, payload.trigger_id, response.view, origin);
    return;
  }
  if (fromHome) {
    if (response.mode === 'update') {
      await deps.client.views.publish({ user_id: payload.user.id, view: renderHome(response.view) });
    } else {
      await deps.client.chat.postMessage({ channel: payload.user.id, ...renderBlocks(response.view) });
    }
    return;
  }
  if (response.mode === 'update' && inChannelTs) {
    await deps.client.chat.update({
      channel: place.channelId,
      ts: inChannelTs,
      ...renderBlocks(response.view),
    });
    return;
  }
  if (payload.response_url) {
    await postToResponseUrl(
      payload.response_url,
      response.mode === 'update'
        ? { replace_original: true, ...renderBlocks(response.view) }
        : { replace_original: false, response_type: 'ephemeral', ...renderBlocks(response.view) },
    );
    return;
  }
  await deps.client.chat.postEphemeral({
    channel: place.channelId,
    user: payload.user.id,
    ...renderBlocks(response.view),
  });
}

/** After a form: refresh the card it was opened from, or reply where that is not possible. */
async function deliverToOrigin(
  deps: ListenerDeps,
  userId: string,
  origin: ModalOrigin,
  view: View,
): Promise<void> {
  if (origin.messageTs) {
    await deps.client.chat.update({ channel: origin.channelId, ts: origin.messageTs, ...renderBlocks(view) });
  } else if (origin.responseUrl) {
    await postToResponseUrl(
      origin.responseUrl,
      origin.replaceOriginal
        ? { replace_original: true, ...renderBlocks(view) }
        : { replace_original: false, response_type: 'ephemeral', ...renderBlocks(view) },
    );
  } else if (origin.fromHome) {
    await deps.client.chat.postMessage({ channel: userId, ...renderBlocks(view) });
  } else {
    await deps.client.chat.postEphemeral({ channel: origin.channelId, user: userId, ...renderBlocks(view) });
  }
}

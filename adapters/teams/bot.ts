/**
 * The Teams bot: translates Teams activities into ChatApp calls and ChatApp answers back into Adaptive
 * Cards. A typed message (the @mention removed) is a command; an `adaptiveCard/action` invoke with verb
 * "engage" (Action.Execute) or a message carrying a card's `value` (the Action.Submit fallback) is an
 * action, its data checked against chatActionSchema; install and channel events keep the conversation
 * reference (with its team) for proactive posts and greet with help once the bot joins. The bot leaving a
 * team, the team's deletion and the app's removal name the team, not a channel: each marks every saved
 * conversation of that team removed, so the Monday job stops posting there.
 */
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import { chatActionSchema, type ParsedChatAction } from '../../src/chat/actions.ts';
import type { ChatApp, ChatContext, ChatResponse } from '../../src/chat/ports.ts';
import type { View } from '../../src/chat/views/viewModel.ts';
import type { ConversationRepository } from '../../src/repositories/conversations.ts';
import {
  commandTextOf,
  conversationIdOf,
  placeOf,
  referenceOf,
  teamIdOf,
  timeZoneOf,
} from './activityContext.ts';
import { ENGAGE_VERB } from './cards.ts';
import type { TeamsUserDirectory } from './userDirectory.ts';

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';
const ERROR_CONTENT_TYPE = 'application/vnd.microsoft.error';
/** Team events after which the bot can no longer post in any of the team's channels. */
const TEAM_GONE_EVENTS: ReadonlySet<string> = new Set(['teamDeleted', 'teamHardDeleted']);

export interface TeamsBotDeps {
  chatApp: ChatApp;
  /** Renders a view as an Adaptive Card (adapters/teams/cards.ts). */
  renderCard: (view: View) => object;
  conversations: ConversationRepository;
  members: TeamsUserDirectory;
  now: () => Date;
}

type ParsedData = { ok: true; action: ParsedChatAction } | { ok: false; reason: string };

/** Checks a card's submitted data; empty inputs count as not given, so defaults apply. */
export function parseActionData(data: unknown): ParsedData {
  const given =
    typeof data === 'object' && data !== null
      ? Object.fromEntries(Object.entries(data).filter(([, value]) => value !== ''))
      : data;
  const result = chatActionSchema.safeParse(given);
  if (result.success) return { ok: true, action: result.data };
  const reason = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'data'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: `invalid action data (${reason})` };
}

export class TeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await this.handleConversationUpdate(context);
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      await this.handleInstallationUpdate(context);
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (invokeValue.action.verb !== ENGAGE_VERB) {
      return badRequest(`unknown verb "${invokeValue.action.verb}": Engage cards send "${ENGAGE_VERB}"`);
    }
    const parsed = parseActionData(invokeValue.action.data);
    if (!parsed.ok) return badRequest(parsed.reason);
    const response = await this.deps.chatApp.action(await this.chatContext(context), parsed.action);
    if (response.mode === 'reply') {
      await this.sendView(context, response.view);
      return {
        statusCode: 200,
        type: MESSAGE_CONTENT_TYPE,
        value: 'Engage replied in the conversation.' as never,
      };
    }
    // A change everyone should see (a claim): the message itself is updated for the whole conversation;
    // the invoke's answer only refreshes the reader's own view of it.
    const cardId = context.activity.replyToId;
    if (response.shared && cardId) {
      await context.updateActivity({ ...this.cardMessage(response.view), id: cardId });
    }
    return { statusCode: 200, type: CARD_CONTENT_TYPE, value: this.deps.renderCard(response.view) as never };
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    await this.remember(context);
    const chatContext = await this.chatContext(context);
    const submitted = context.activity.value as unknown;
    if (submitted === undefined || submitted === null) {
      const response = await this.deps.chatApp.command(chatContext, commandTextOf(context.activity));
      await this.sendView(context, response.view);
      return;
    }
    const parsed = parseActionData(submitted);
    if (!parsed.ok) {
      await this.sendView(context, {
        kind: 'notice',
        tone: 'error',
        title: 'That button sent something Engage cannot use',
        text: parsed.reason,
        buttons: [],
      });
      return;
    }
    await this.deliver(context, await this.deps.chatApp.action(chatContext, parsed.action));
  }

  /** An Action.Submit answer: refresh the card it came from in place, or reply. */
  private async deliver(context: TurnContext, response: ChatResponse): Promise<void> {
    const cardId = context.activity.replyToId;
    if (response.mode !== 'reply' && cardId) {
      await context.updateActivity({ ...this.cardMessage(response.view), id: cardId });
      return;
    }
    await this.sendView(context, response.view);
  }

  private async handleConversationUpdate(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const botId = activity.recipient.id;
    const eventType = (activity.channelData as { eventType?: string } | undefined)?.eventType;
    const botRemoved = activity.membersRemoved?.some((member) => member.id === botId) ?? false;
    if (botRemoved || (eventType !== undefined && TEAM_GONE_EVENTS.has(eventType))) {
      await this.removeConversation(context);
      return;
    }
    if (eventType === 'channelDeleted') {
      const channelId = (activity.channelData as { channel?: { id?: string } }).channel?.id;
      if (channelId) await this.deps.conversations.removed('teams', channelId, this.deps.now());
      return;
    }
    await this.remember(context);
    if (activity.membersAdded?.some((member) => member.id === botId)) {
      const help = await this.deps.chatApp.command(await this.chatContext(context), 'help');
      await this.sendView(context, help.view);
    }
  }

  private async handleInstallationUpdate(context: TurnContext): Promise<void> {
    // "remove" uninstalls; "add", "add-upgrade" and "remove-upgrade" leave the app installed.
    if (context.activity.action === 'remove') {
      await this.removeConversation(context);
    } else {
      await this.remember(context);
    }
  }

  /** The bot is gone from the conversation, and from every channel of its team when it names one. */
  private async removeConversation(context: TurnContext): Promise<void> {
    const now = this.deps.now();
    await this.deps.conversations.removed('teams', conversationIdOf(context.activity), now);
    const teamId = teamIdOf(context.activity);
    if (teamId) await this.deps.conversations.teamRemoved('teams', teamId, now);
  }

  private async remember(context: TurnContext): Promise<void> {
    const reference = referenceOf(context.activity) as Record<string, unknown>;
    await this.deps.conversations.seen(
      'teams',
      conversationIdOf(context.activity),
      reference,
      this.deps.now(),
      teamIdOf(context.activity),
    );
  }

  private async chatContext(context: TurnContext): Promise<ChatContext> {
    const timeZone = timeZoneOf(context.activity);
    return {
      user: await this.deps.members.userOf(context),
      place: placeOf(context.activity),
      now: this.deps.now(),
      ...(timeZone ? { timeZone } : {}),
    };
  }

  private cardMessage(view: View) {
    return MessageFactory.attachment(CardFactory.adaptiveCard(this.deps.renderCard(view)));
  }

  private async sendView(context: TurnContext, view: View): Promise<void> {
    await context.sendActivity(this.cardMessage(view));
  }
}

function badRequest(reason: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 400,
    type: ERROR_CONTENT_TYPE,
    value: { code: 'BadRequest', message: reason } as never,
  };
}

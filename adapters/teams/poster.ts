/**
 * Proactive posting to Teams (digests, alerts, governance summaries): the conversation's stored reference,
 * continueConversationAsync as the bot, the view as an Adaptive Card. The Bot Connector's answers become
 * PostOutcomes the posting job acts on: 429 → rate-limited (Retry-After), 403/404 (conversation gone, bot
 * not in the roster, app uninstalled) → gone, anything else → failed.
 */
import { CardFactory, MessageFactory, type ConversationReference, type TurnContext } from 'botbuilder';
import type { ChannelPoster, PostOutcome } from '../../src/chat/ports.ts';
import type { View } from '../../src/chat/views/viewModel.ts';
import type { ConversationRepository } from '../../src/repositories/conversations.ts';
import type { TeamsCloudAdapter } from './cloudAdapter.ts';

/** Wait used when a 429 carries no usable Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 1000;

/** The Bot Connector allows about seven messages a second per conversation. */
export const TEAMS_POST_INTERVAL_MS = Math.ceil(1000 / 7);

export interface TeamsPosterDeps {
  adapter: TeamsCloudAdapter;
  conversations: ConversationRepository;
  renderCard: (view: View) => object;
}

export function teamsPoster(deps: TeamsPosterDeps): ChannelPoster {
  return {
    platform: 'teams',
    minPostIntervalMs: TEAMS_POST_INTERVAL_MS,
    async post(channelId: string, view: View): Promise<PostOutcome> {
      const record = await deps.conversations.find('teams', channelId);
      if (!record) return { kind: 'gone', reason: 'Engage was never installed in this conversation' };
      if (record.removedAt) return { kind: 'gone', reason: 'Engage was removed from this conversation' };
      const message = MessageFactory.attachment(CardFactory.adaptiveCard(deps.renderCard(view)));
      let messageId = '';
      try {
        await deps.adapter.continueConversationAsync(
          deps.adapter.credentials.appId,
          record.reference as Partial<ConversationReference>,
          async (context) => {
            withoutPipelineRetries(context);
            // A post starts a new message: not a reply to the synthetic activity the continuation carries.
            context.onSendActivities(async (_context, activities, next) => {
              for (const activity of activities) delete activity.replyToId;
              return next();
            });
            messageId = (await context.sendActivity(message))?.id ?? '';
          },
        );
      } catch (error) {
        return outcomeOf(error);
      }
      return { kind: 'posted', messageId };
    },
  };
}

/**
 * botbuilder's HTTP pipeline retries 429s and 5xx by itself, hidden inside one call; the posting job owns
 * retries (pacing per conversation, jitter, bounded attempts), so a proactive post goes out once and its
 * answer comes back as is. The turn's connector client is created for this turn only.
 */
function withoutPipelineRetries(context: TurnContext): void {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as {
    client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } };
  };
  connector.client?.pipeline?.removePolicy({ phase: 'Retry' });
}

interface ConnectorError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get(name: string): string | undefined }; bodyAsText?: string | null };
}

/** The outcome a failed Bot Connector call stands for. */
export function outcomeOf(error: unknown): PostOutcome {
  const failure = error as ConnectorError;
  const status = failure.statusCode;
  const code = errorCodeOf(failure);
  if (status === 429) return { kind: 'rate-limited', retryAfterMs: retryAfterMs(failure) };
  if (status === 403 || status === 404) {
    return { kind: 'gone', reason: `Teams answered ${status}${code ? ` ${code}` : ''}` };
  }
  if (status !== undefined)
    return { kind: 'failed', reason: `Teams answered ${status}${code ? ` ${code}` : ''}` };
  return { kind: 'failed', reason: failure.message ?? String(error) };
}

function errorCodeOf(failure: ConnectorError): string | undefined {
  const text = failure.response?.bodyAsText;
  if (text) {
    try {
      const body = JSON.parse(text) as { error?: { code?: string } };
      if (body.error?.code) return body.error.code;
    } catch {
      // not JSON: fall back to the error's own code
    }
  }
  return failure.code;
}

function retryAfterMs(failure: ConnectorError): number {
  const header = failure.response?.headers?.get('retry-after');
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - Date.now());
}

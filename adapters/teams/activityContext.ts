/**
 * Reading a Teams activity: which tenant sent it, which conversation it belongs to (a channel thread's id
 * carries ";messageid=…", which is stripped so a channel is one place), the chat place, and the command
 * text with the bot's @mention removed.
 */
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { ChatPlace } from '../../src/chat/ports.ts';

interface TeamsChannelData {
  tenant?: { id?: string };
  channel?: { id?: string; name?: string };
  team?: { id?: string; name?: string };
}

function channelData(activity: Partial<Activity>): TeamsChannelData {
  return (activity.channelData ?? {}) as TeamsChannelData;
}

/** The tenant the activity comes from, or null when it names none. */
export function tenantOf(activity: Partial<Activity>): string | null {
  return channelData(activity).tenant?.id ?? activity.conversation?.tenantId ?? null;
}

/** The conversation id without a channel thread's ";messageid=…" suffix. */
export function conversationIdOf(activity: Partial<Activity>): string {
  return (activity.conversation?.id ?? '').split(';messageid=')[0] ?? '';
}

export function placeOf(activity: Activity): ChatPlace {
  const type = activity.conversation.conversationType;
  const place: ChatPlace = {
    platform: 'teams',
    channelId: conversationIdOf(activity),
    kind: type === 'channel' ? 'channel' : type === 'groupChat' ? 'group' : 'personal',
  };
  const tenant = tenantOf(activity);
  if (tenant) place.workspaceId = tenant;
  const name = channelData(activity).channel?.name ?? activity.conversation.name;
  if (name) place.name = name;
  return place;
}

/** The reference proactive posts use: the conversation itself, not the thread the activity came in. */
export function referenceOf(activity: Activity): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  return { ...reference, conversation: { ...activity.conversation, id: conversationIdOf(activity) } };
}

/** The typed command: the bot's @mention removed, HTML spaces and tags flattened, whitespace collapsed. */
export function commandTextOf(activity: Activity): string {
  const withoutMention = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return withoutMention
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

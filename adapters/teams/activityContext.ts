/**
 * Reading a Teams activity: which tenant sent it, which conversation and team it belongs to (a channel
 * thread's id carries ";messageid=…", which is stripped so a channel is one place), the chat place (its
 * kind from conversationType, or from channelData when an activity leaves that out), the sender's time
 * zone, and the command text with the bot's @mention removed.
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

/** The team a channel activity comes from (channelData.team.id), or undefined outside a team. */
export function teamIdOf(activity: Partial<Activity>): string | undefined {
  return channelData(activity).team?.id || undefined;
}

/**
 * The conversation's kind. Teams sends conversationType on every activity it documents; should one come
 * without it, a team or channel in channelData means a channel, a group conversation a group chat.
 */
function conversationTypeOf(activity: Activity): string {
  const given = activity.conversation.conversationType;
  if (given) return given;
  const data = channelData(activity);
  if (data.channel?.id || data.team?.id) return 'channel';
  return activity.conversation.isGroup ? 'groupChat' : 'personal';
}

/** The sender's IANA time zone: the activity's localTimezone, else the client's clientInfo entity. */
export function timeZoneOf(activity: Activity): string | undefined {
  if (activity.localTimezone) return activity.localTimezone;
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo') as
    { timezone?: unknown } | undefined;
  return typeof clientInfo?.timezone === 'string' && clientInfo.timezone ? clientInfo.timezone : undefined;
}

/** The conversation id without a channel thread's ";messageid=…" suffix. */
export function conversationIdOf(activity: Partial<Activity>): string {
  return (activity.conversation?.id ?? '').split(';messageid=')[0] ?? '';
}

export function placeOf(activity: Activity): ChatPlace {
  const type = conversationTypeOf(activity);
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

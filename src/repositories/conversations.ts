/**
 * Where the bot is installed: one record per platform + conversation holding the platform's opaque
 * reference needed to post proactively (a Teams ConversationReference: service URL, conversation, bot),
 * refreshed on every install, channel event and message (the service URL can move), and marked removed
 * when the app is uninstalled or the bot leaves. A Teams channel also keeps the id of its team, because
 * Teams tells of the bot's removal from a team, or the team's deletion, by the team's id only.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import type { ChatPlatform } from './channelLinks.ts';
import { WITHOUT_ID } from './documents.ts';

export interface ConversationRecord {
  platform: ChatPlatform;
  conversationId: string;
  /** The platform's reference for proactive posts, stored as the platform gave it. */
  reference: Record<string, unknown>;
  /** The Teams team the channel belongs to, when the platform said (absent for chats). */
  teamId?: string;
  installedAt: Date;
  updatedAt: Date;
  /** Set when the app was uninstalled or the bot removed; null while installed. */
  removedAt: Date | null;
}

export function conversationRepository(db: DocumentDb) {
  const conversations = db.collection<ConversationRecord>(COLLECTIONS.conversations.name);
  return {
    /** Records (or refreshes) the reference of a conversation the bot is in, with its team when known. */
    async seen(
      platform: ChatPlatform,
      conversationId: string,
      reference: Record<string, unknown>,
      at: Date,
      teamId?: string,
    ) {
      await conversations.updateOne(
        { platform, conversationId },
        {
          $set: { reference, updatedAt: at, removedAt: null, ...(teamId ? { teamId } : {}) },
          $setOnInsert: { installedAt: at },
        },
        { upsert: true },
      );
    },
    /** Marks the conversation as no longer reachable; false when it was never recorded. */
    async removed(platform: ChatPlatform, conversationId: string, at: Date): Promise<boolean> {
      const result = await conversations.updateOne(
        { platform, conversationId },
        { $set: { removedAt: at, updatedAt: at } },
      );
      return result.matchedCount > 0;
    },
    /**
     * Marks every conversation of a team as no longer reachable (the bot left the team, or the team was
     * deleted), and the team's own conversation (its General channel shares the team's id); the count marked.
     */
    async teamRemoved(platform: ChatPlatform, teamId: string, at: Date): Promise<number> {
      const result = await conversations.updateMany(
        { platform, $or: [{ teamId }, { conversationId: teamId }], removedAt: null },
        { $set: { removedAt: at, updatedAt: at } },
      );
      return result.modifiedCount;
    },
    find: (platform: ChatPlatform, conversationId: string) =>
      conversations.findOne({ platform, conversationId }, { projection: WITHOUT_ID }),
  };
}

export type ConversationRepository = ReturnType<typeof conversationRepository>;

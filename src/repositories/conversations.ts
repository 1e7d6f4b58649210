/**
 * Where the bot is installed: one record per platform + conversation holding the platform's opaque
 * reference needed to post proactively (a Teams ConversationReference: service URL, conversation, bot),
 * refreshed on every install, channel event and message (the service URL can move), and marked removed
 * when the app is uninstalled or the bot leaves.
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
  installedAt: Date;
  updatedAt: Date;
  /** Set when the app was uninstalled or the bot removed; null while installed. */
  removedAt: Date | null;
}

export function conversationRepository(db: DocumentDb) {
  const conversations = db.collection<ConversationRecord>(COLLECTIONS.conversations.name);
  return {
    /** Records (or refreshes) the reference of a conversation the bot is in. */
    async seen(platform: ChatPlatform, conversationId: string, reference: Record<string, unknown>, at: Date) {
      await conversations.updateOne(
        { platform, conversationId },
        { $set: { reference, updatedAt: at, removedAt: null }, $setOnInsert: { installedAt: at } },
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
    find: (platform: ChatPlatform, conversationId: string) =>
      conversations.findOne({ platform, conversationId }, { projection: WITHOUT_ID }),
  };
}

export type ConversationRepository = ReturnType<typeof conversationRepository>;

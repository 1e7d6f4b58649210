/**
 * Which staff record a chat user is: a Teams AAD object id or Slack user id remembered against the staff
 * id the first time the platform told us the user's email, so later requests without an email resolve.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';
import type { ChatPlatform } from './channelLinks.ts';

export interface ChatIdentity {
  platform: ChatPlatform;
  userId: string;
  staffId: string;
  seenAt: Date;
}

export function chatIdentityRepository(db: DocumentDb) {
  const identities = db.collection<ChatIdentity>(COLLECTIONS.chatIdentities.name);
  return {
    async remember(entry: ChatIdentity): Promise<void> {
      const { platform, userId } = entry;
      await identities.updateOne({ platform, userId }, { $set: { ...entry } }, { upsert: true });
    },
    identityOf: (platform: ChatPlatform, userId: string) =>
      identities.findOne({ platform, userId }, { projection: WITHOUT_ID }),
  };
}

/**
 * The posting ledger: one record per proactive post (a channel's weekly digest, a managers' governance
 * summary, a tutor alert, an admins' feed-health card), unique on platform + channel + week + kind. A post's intent is recorded
 * (`pending`) before the send and settled after it (`posted` with the platform's message id, `failed`,
 * or `gone` when the channel no longer exists), so a run that crashed or is run again never posts twice
 * what is already `posted`. Holds ids only, never personal data.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { isDuplicateKeyError, type DocumentDb } from '../store/types.ts';
import type { ChatPlatform } from './channelLinks.ts';
import { WITHOUT_ID } from './documents.ts';

/**
 * `alert:<id>` keys one alert and `feed:<incident>` one feed-health card (src/feedHealth/incidents.ts);
 * digests and governance summaries are one per channel per week.
 */
export type PostKind = 'digest' | 'governance' | `alert:${string}` | `feed:${string}`;

export type PostStatus = 'pending' | 'posted' | 'failed' | 'gone';

export interface PostKey {
  platform: ChatPlatform;
  channelId: string;
  week: IsoWeek;
  kind: PostKind;
}

export interface PostRecord extends PostKey {
  status: PostStatus;
  /** Sends started for this post, the first included. */
  attempts: number;
  /** When the latest send was claimed; a `pending` older than the staleness limit is claimable again. */
  claimedAt: Date;
  settledAt: Date | null;
  messageId: string | null;
  /** Why the last send failed or the channel is gone (the platform's error code, no personal data). */
  reason: string | null;
}

export type ClaimResult =
  { claimed: true; claimedAt: Date; attempts: number } | { claimed: false; status: PostStatus };

export type Settlement =
  { status: 'posted'; messageId: string } | { status: 'failed' | 'gone'; reason: string };

export function digestPostRepository(db: DocumentDb) {
  const posts = db.collection<PostRecord>(COLLECTIONS.digestPosts.name);
  const keyOf = ({ platform, channelId, week, kind }: PostKey) => ({ platform, channelId, week, kind });

  return {
    /**
     * Claims the right to send this post: true for a post never tried, one that failed, or one left
     * `pending` since before `staleBefore` (its sender died mid-send); false, with the status, otherwise.
     * The claim is atomic, so two runs never both send.
     */
    async claim(key: PostKey, now: Date, staleBefore: Date): Promise<ClaimResult> {
      try {
        await posts.insertOne({
          ...keyOf(key),
          status: 'pending',
          attempts: 1,
          claimedAt: now,
          settledAt: null,
          messageId: null,
          reason: null,
        });
        return { claimed: true, claimedAt: now, attempts: 1 };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const reclaimed = await posts.findOneAndUpdate(
        {
          ...keyOf(key),
          $or: [{ status: 'failed' }, { status: 'pending', claimedAt: { $lt: staleBefore } }],
        },
        { $set: { status: 'pending', claimedAt: now, settledAt: null }, $inc: { attempts: 1 } },
        { returnDocument: 'after', projection: WITHOUT_ID },
      );
      if (reclaimed) return { claimed: true, claimedAt: now, attempts: reclaimed.attempts };
      const existing = await posts.findOne(keyOf(key), { projection: { _id: 0, status: 1 } });
      return { claimed: false, status: existing?.status ?? 'pending' };
    },

    /** Records how the claimed send ended; ignored if a later claim has taken the post over since. */
    async settle(key: PostKey, claimedAt: Date, outcome: Settlement, now: Date): Promise<void> {
      await posts.updateOne(
        { ...keyOf(key), status: 'pending', claimedAt },
        {
          $set: {
            status: outcome.status,
            settledAt: now,
            messageId: outcome.status === 'posted' ? outcome.messageId : null,
            reason: outcome.status === 'posted' ? null : outcome.reason,
          },
        },
      );
    },

    find: (key: PostKey) => posts.findOne(keyOf(key), { projection: WITHOUT_ID }),

    forWeek: (week: IsoWeek) =>
      posts
        .find({ week }, { projection: WITHOUT_ID, sort: { platform: 1, channelId: 1, kind: 1 } })
        .toArray(),
  };
}

export type DigestPostRepository = ReturnType<typeof digestPostRepository>;

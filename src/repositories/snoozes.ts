/**
 * Students snoozed in one channel's digest: hidden from that channel's digest until a date (a week after
 * the snooze), never from anyone else's. Snoozing again extends it.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import type { ChatPlatform } from './channelLinks.ts';

export interface Snooze {
  platform: ChatPlatform;
  channelId: string;
  studentId: string;
  /** Staff id of who snoozed. */
  by: string;
  at: Date;
  until: Date;
}

export function snoozeRepository(db: DocumentDb) {
  const snoozes = db.collection<Snooze>(COLLECTIONS.snoozes.name);
  return {
    async snooze(entry: Snooze): Promise<void> {
      const { platform, channelId, studentId } = entry;
      await snoozes.updateOne({ platform, channelId, studentId }, { $set: { ...entry } }, { upsert: true });
    },
    /** Ids of the students snoozed in the channel at `now`. */
    async snoozedIn(platform: ChatPlatform, channelId: string, now: Date): Promise<Set<string>> {
      const rows = await snoozes
        .find({ platform, channelId, until: { $gt: now } }, { projection: { _id: 0, studentId: 1 } })
        .toArray();
      return new Set(rows.map((row) => row.studentId));
    },
    /** When the student's snooze in the channel ends, or null when not snoozed at `now`. */
    async snoozedUntil(platform: ChatPlatform, channelId: string, studentId: string, now: Date) {
      const row = await snoozes.findOne(
        { platform, channelId, studentId, until: { $gt: now } },
        { projection: { _id: 0, until: 1 } },
      );
      return row ? new Date(row.until) : null;
    },
    /** Every channel's snoozed students at `now`, keyed "platform:channelId": one read for many digests. */
    async allSnoozed(now: Date): Promise<Map<string, Set<string>>> {
      const rows = await snoozes
        .find({ until: { $gt: now } }, { projection: { _id: 0, platform: 1, channelId: 1, studentId: 1 } })
        .toArray();
      const byChannel = new Map<string, Set<string>>();
      for (const row of rows) {
        const key = `${row.platform}:${row.channelId}`;
        const set = byChannel.get(key) ?? new Set<string>();
        set.add(row.studentId);
        byChannel.set(key, set);
      }
      return byChannel;
    },
  };
}

/**
 * Which tutor group each chat channel is bound to (one link per platform + channel): a tutor's tutees, a
 * programme (optionally one year of it), the managers' channel or the admins' channel (feed-health cards,
 * docs/feed-health.md). Admins set links with `link`; the digest
 * job posts one digest per link; access control reads a channel's link to know whose students it may show.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export type ChatPlatform = 'teams' | 'slack' | 'preview';

export type LinkedGroup =
  | { kind: 'tutor'; staffId: string }
  | { kind: 'programme'; programmeId: string; yearOfStudy: number | null }
  | { kind: 'managers' }
  | { kind: 'admins' };

/** Does the channel's group name students (a tutor's or a programme's), rather than aggregates or feeds? */
export function namesStudents(
  group: LinkedGroup,
): group is Extract<LinkedGroup, { kind: 'tutor' | 'programme' }> {
  return group.kind === 'tutor' || group.kind === 'programme';
}

export interface ChannelLink {
  platform: ChatPlatform;
  channelId: string;
  /** Human name of the channel when the platform told us, for the channels list. */
  channelName: string | null;
  /** Teams tenant or Slack team, when known (proactive posting needs it). */
  workspaceId: string | null;
  group: LinkedGroup;
  linkedBy: string;
  linkedAt: Date;
  /** Rows per list on this channel's digest (`digest rows 12`); absent: the default. Kept on relinking. */
  digestRows?: number;
}

export function channelLinkRepository(db: DocumentDb) {
  const links = db.collection<ChannelLink>(COLLECTIONS.channelLinks.name);
  return {
    /** Binds the channel to a group, replacing any earlier link of the same channel. */
    async link(entry: ChannelLink): Promise<void> {
      await links.updateOne(
        { platform: entry.platform, channelId: entry.channelId },
        { $set: { ...entry } },
        { upsert: true },
      );
    },
    /** Removes the channel's link; false when it had none. */
    async unlink(platform: ChatPlatform, channelId: string): Promise<boolean> {
      const result = await links.deleteOne({ platform, channelId });
      return result.deletedCount > 0;
    },
    /** Sets the rows per list of the channel's digest; false when the channel is not linked. */
    async setDigestRows(platform: ChatPlatform, channelId: string, rows: number): Promise<boolean> {
      const result = await links.updateOne({ platform, channelId }, { $set: { digestRows: rows } });
      return result.matchedCount > 0;
    },
    linkFor: (platform: ChatPlatform, channelId: string) =>
      links.findOne({ platform, channelId }, { projection: WITHOUT_ID }),
    list: (platform?: ChatPlatform) =>
      links
        .find(platform ? { platform } : {}, { projection: WITHOUT_ID, sort: { platform: 1, channelId: 1 } })
        .toArray(),
  };
}

// The conversations repository on both stores (the embedded store always, MongoDB when MONGODB_URI is
// set): a Teams channel keeps its team, and the team's removal marks every channel of it removed, the
// team's own conversation too, leaving other teams' channels and personal chats as they were.
import { describe, expect, it } from 'vitest';
import { bothStores } from '../helpers/bothStores.ts';
import { conversationRepository } from '../../src/repositories/conversations.ts';
import { COLLECTIONS } from '../../src/store/collections.ts';
import type { IndexOptions } from '../../src/store/types.ts';

const TEAM = '19:8a2b7c6d5e4f4a3b9c8d7e6f5a4b3c2d@thread.tacv2';
const CHANNEL = '19:4f1d9c2e8a7b4e0f9d3c6b5a2e1f0d9c@thread.tacv2';
const OTHER_TEAM = '19:1b2c3d4e5f6a4b7c8d9e0f1a2b3c4d5e@thread.tacv2';
const OTHER_CHANNEL = '19:0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b@thread.tacv2';
const PERSONAL = 'a:1Hc9Qy3Zp7WxV2bN6mK0jL4fT8rS5dG1eA9uY3iO7pQ2wE6rT0yU4iO8pA2sD6fG0hJ4kL8';

const stores = bothStores('conversations');

for (const [name, open] of stores) {
  describe.skipIf(open === null)(`Teams conversations by team (${name})`, () => {
    it('marks every channel of a removed team, and only those, as removed', async () => {
      const { store, dispose } = await open!();
      try {
        // The conversations' own indexes only: FerretDB (CI's MongoDB) lacks a partial index another
        // collection declares.
        const { name, indexes } = COLLECTIONS.conversations;
        for (const index of indexes as readonly { keys: Record<string, 1 | -1>; options?: IndexOptions }[])
          await store.db.collection(name).createIndex(index.keys, index.options);
        const conversations = conversationRepository(store.db);
        const installed = new Date('2026-11-30T16:05:41Z');
        const removed = new Date('2026-12-04T09:12:44Z');
        await conversations.seen('teams', TEAM, { serviceUrl: 'https://smba.one/' }, installed, TEAM);
        await conversations.seen('teams', CHANNEL, { serviceUrl: 'https://smba.one/' }, installed, TEAM);
        await conversations.seen(
          'teams',
          OTHER_CHANNEL,
          { serviceUrl: 'https://smba.one/' },
          installed,
          OTHER_TEAM,
        );
        await conversations.seen('teams', PERSONAL, { serviceUrl: 'https://smba.one/' }, installed);
        expect(await conversations.find('teams', CHANNEL)).toMatchObject({ teamId: TEAM, removedAt: null });
        expect(await conversations.find('teams', PERSONAL)).not.toHaveProperty('teamId');

        expect(await conversations.teamRemoved('teams', TEAM, removed)).toBe(2);
        expect((await conversations.find('teams', TEAM))?.removedAt).toEqual(removed);
        expect((await conversations.find('teams', CHANNEL))?.removedAt).toEqual(removed);
        expect((await conversations.find('teams', OTHER_CHANNEL))?.removedAt).toBeNull();
        expect((await conversations.find('teams', PERSONAL))?.removedAt).toBeNull();
        expect(await conversations.teamRemoved('teams', TEAM, removed)).toBe(0);

        // Added back: the channel is seen again and installed as before.
        await conversations.seen('teams', CHANNEL, { serviceUrl: 'https://smba.two/' }, removed, TEAM);
        expect(await conversations.find('teams', CHANNEL)).toMatchObject({
          teamId: TEAM,
          installedAt: installed,
          removedAt: null,
        });
      } finally {
        await store.close();
        await dispose();
      }
    });
  });
}

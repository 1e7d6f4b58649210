import { describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { withTempDir } from '../helpers/tempDir.ts';

async function withRepos(run: (repos: ReturnType<typeof repositories>) => Promise<void>) {
  await withTempDir(async (dir) => {
    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      await ensureCollections(store.db);
      await run(repositories(store.db));
    } finally {
      await store.close();
    }
  });
}

describe('conversation references', () => {
  it('keeps the first install time, refreshes the reference, and marks removal until the bot is seen again', async () => {
    await withRepos(async ({ conversations }) => {
      const first = new Date('2026-11-02T08:00:00Z');
      const later = new Date('2026-11-09T08:00:00Z');
      await conversations.seen('teams', '19:abc@thread.tacv2', { serviceUrl: 'https://smba.one/' }, first);
      await conversations.seen('teams', '19:abc@thread.tacv2', { serviceUrl: 'https://smba.two/' }, later);
      expect(await conversations.find('teams', '19:abc@thread.tacv2')).toEqual({
        platform: 'teams',
        conversationId: '19:abc@thread.tacv2',
        reference: { serviceUrl: 'https://smba.two/' },
        installedAt: first,
        updatedAt: later,
        removedAt: null,
      });
      expect(await conversations.removed('teams', '19:abc@thread.tacv2', later)).toBe(true);
      expect((await conversations.find('teams', '19:abc@thread.tacv2'))?.removedAt).toEqual(later);
      expect(await conversations.removed('teams', '19:never@thread.tacv2', later)).toBe(false);
    });
  });
});

describe('inbound deliveries', () => {
  it('lets the first delivery act, replays its answer to redeliveries, and frees the key after a failure', async () => {
    await withRepos(async ({ inboundDedupe }) => {
      const at = new Date('2026-11-09T08:00:00Z');
      expect(await inboundDedupe.claim('teams:c1:a1', at)).toEqual({ first: true });
      expect(await inboundDedupe.claim('teams:c1:a1', at)).toEqual({ first: false, answer: null });
      await inboundDedupe.answered('teams:c1:a1', { status: 200, body: { statusCode: 200 } });
      expect(await inboundDedupe.claim('teams:c1:a1', at)).toEqual({
        first: false,
        answer: { status: 200, body: { statusCode: 200 } },
      });
      expect(await inboundDedupe.claim('teams:c1:a2', at)).toEqual({ first: true });
      await inboundDedupe.release('teams:c1:a2');
      expect(await inboundDedupe.claim('teams:c1:a2', at)).toEqual({ first: true });
    });
  });
});

// The posting ledger on the real embedded store: a post is claimed once, a posted one is never claimed
// again, a failed one is, and a pending one only after its claim has gone stale (its sender died).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { digestPostRepository, type PostKey } from '../../src/repositories/digestPosts.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import type { Store } from '../../src/store/types.ts';
import type { IsoWeek } from '../../src/domain/isoWeek.ts';

const key: PostKey = { platform: 'slack', channelId: 'C0123', week: '2026-W10' as IsoWeek, kind: 'digest' };
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 9, 8, minutes));
const staleBefore = (minutes: number) => at(minutes - 5);

let dir: string;
let store: Store;
let posts: ReturnType<typeof digestPostRepository>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engage-posts-'));
  store = await openEmbeddedStore({ dataDir: dir });
  await ensureCollections(store.db);
  posts = digestPostRepository(store.db);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('digest posting ledger', () => {
  it('claims a new post once; a second claim while it is being sent is refused', async () => {
    expect(await posts.claim(key, at(0), staleBefore(0))).toMatchObject({ claimed: true, attempts: 1 });
    expect(await posts.claim(key, at(1), staleBefore(1))).toEqual({ claimed: false, status: 'pending' });
  });

  it('never claims a posted one again, however late', async () => {
    const claim = await posts.claim(key, at(0), staleBefore(0));
    if (!claim.claimed) throw new Error('expected a claim');
    await posts.settle(key, claim.claimedAt, { status: 'posted', messageId: '1712.0001' }, at(0));
    expect(await posts.claim(key, at(60), staleBefore(60))).toEqual({ claimed: false, status: 'posted' });
    expect(await posts.find(key)).toMatchObject({ status: 'posted', messageId: '1712.0001', attempts: 1 });
  });

  it('claims a failed one again and counts the attempt', async () => {
    const claim = await posts.claim(key, at(0), staleBefore(0));
    if (!claim.claimed) throw new Error('expected a claim');
    await posts.settle(key, claim.claimedAt, { status: 'failed', reason: 'internal_error' }, at(0));
    expect(await posts.claim(key, at(1), staleBefore(1))).toMatchObject({ claimed: true, attempts: 2 });
  });

  it('takes over a pending one only once its claim is older than the staleness limit', async () => {
    await posts.claim(key, at(0), staleBefore(0));
    expect(await posts.claim(key, at(4), staleBefore(4))).toEqual({ claimed: false, status: 'pending' });
    const takeover = await posts.claim(key, at(6), staleBefore(6));
    expect(takeover).toMatchObject({ claimed: true, attempts: 2 });
  });

  it('ignores the settlement of a sender whose claim was taken over', async () => {
    const first = await posts.claim(key, at(0), staleBefore(0));
    const second = await posts.claim(key, at(6), staleBefore(6));
    if (!first.claimed || !second.claimed) throw new Error('expected two claims');
    await posts.settle(key, second.claimedAt, { status: 'posted', messageId: 'm2' }, at(6));
    await posts.settle(key, first.claimedAt, { status: 'failed', reason: 'timeout' }, at(7));
    expect(await posts.find(key)).toMatchObject({ status: 'posted', messageId: 'm2' });
  });

  it('keeps one record per channel, week and kind', async () => {
    await posts.claim(key, at(0), staleBefore(0));
    await posts.claim({ ...key, kind: 'governance' }, at(0), staleBefore(0));
    await posts.claim({ ...key, week: '2026-W11' as IsoWeek }, at(0), staleBefore(0));
    expect((await posts.forWeek(key.week)).map((post) => post.kind)).toEqual(['digest', 'governance']);
  });
});

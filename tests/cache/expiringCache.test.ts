// The one in-memory cache: entries expire after their time to live, the least recently used goes first when
// full, concurrent loads are shared and a failed load is not remembered. Time is a fake clock, never a sleep.
import { describe, expect, it } from 'vitest';
import { ExpiringCache } from '../../src/cache/expiringCache.ts';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('expiring cache', () => {
  it('serves an entry until its time to live has passed, then forgets it', () => {
    const time = clock();
    const cache = new ExpiringCache<string, number>({ ttlMs: 100, now: time.now });
    cache.set('a', 1);
    time.advance(99);
    expect(cache.get('a')).toBe(1);
    time.advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops the least recently used entry once full', () => {
    const cache = new ExpiringCache<string, number>({ ttlMs: 1_000, maxEntries: 2, now: clock().now });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('shares one load between concurrent callers, and loads again once it expires', async () => {
    const time = clock();
    const cache = new ExpiringCache<string, Promise<string>>({ ttlMs: 50, now: time.now });
    let loads = 0;
    const load = async () => `value ${++loads}`;
    const [first, second] = await Promise.all([cache.remember('k', load), cache.remember('k', load)]);
    expect([first, second, loads]).toEqual(['value 1', 'value 1', 1]);
    time.advance(50);
    expect(await cache.remember('k', load)).toBe('value 2');
  });

  it('does not remember a failed load: the next caller tries again', async () => {
    const cache = new ExpiringCache<string, Promise<string>>({ ttlMs: 1_000, now: clock().now });
    await expect(cache.remember('k', () => Promise.reject(new Error('store down')))).rejects.toThrow(
      'store down',
    );
    expect(await cache.remember('k', async () => 'recovered')).toBe('recovered');
  });

  it('forgets an entry on delete and everything on clear', () => {
    const cache = new ExpiringCache<string, number>({ ttlMs: 1_000, now: clock().now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
  });
});

// The per-channel pacing limiter and the 429 back-off, driven by a fake clock: posts into one channel are
// spaced by the platform's interval, other channels are not held up, and a Retry-After quiets the channel.
import { describe, expect, it } from 'vitest';
import { channelLimiter, type LimiterClock } from '../../src/chat/posting/channelLimiter.ts';
import { SLACK_POST_INTERVAL_MS } from '../../adapters/slack/poster.ts';
import { TEAMS_POST_INTERVAL_MS } from '../../adapters/teams/poster.ts';
import { RETRY_JITTER_MS, retryDelayMs } from '../../src/chat/posting/postRates.ts';

/** A clock that only moves when someone waits; records every post's time. */
function fakeClock(): LimiterClock & { waits: number[] } {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    wait: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  };
}

async function postTimes(clock: LimiterClock, channels: string[], intervalMs: number): Promise<number[]> {
  const limiter = channelLimiter(clock);
  const times: number[] = [];
  for (const channel of channels) {
    await limiter.acquire(channel, intervalMs);
    times.push(clock.now());
  }
  return times;
}

describe('channel limiter', () => {
  it('spaces Slack posts into one channel a second apart', async () => {
    const clock = fakeClock();
    const times = await postTimes(clock, ['C1', 'C1', 'C1'], SLACK_POST_INTERVAL_MS);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1000);
  });

  it('lets at most seven Teams posts into one conversation within any second', async () => {
    const clock = fakeClock();
    const times = await postTimes(clock, Array(15).fill('19:conv'), TEAMS_POST_INTERVAL_MS);
    for (let i = 7; i < times.length; i++) expect(times[i]! - times[i - 7]!).toBeGreaterThanOrEqual(1000);
  });

  it('does not hold up other channels while one channel waits', async () => {
    const clock = fakeClock();
    const times = await postTimes(clock, ['C1', 'C2', 'C3'], SLACK_POST_INTERVAL_MS);
    expect(clock.waits).toEqual([]);
    expect(new Set(times).size).toBe(1);
  });

  it('keeps a deferred channel quiet until its Retry-After has passed', async () => {
    const clock = fakeClock();
    const limiter = channelLimiter(clock);
    await limiter.acquire('C1', SLACK_POST_INTERVAL_MS);
    const throttledAt = clock.now();
    limiter.defer('C1', 30_000);
    await limiter.acquire('C1', SLACK_POST_INTERVAL_MS);
    expect(clock.now() - throttledAt).toBeGreaterThanOrEqual(30_000);
    await limiter.acquire('C2', SLACK_POST_INTERVAL_MS);
    expect(clock.waits).toHaveLength(1);
  });
});

describe('retry delay after a 429', () => {
  it('waits at least the Retry-After, plus jitter that grows with each retry', () => {
    expect(retryDelayMs(2000, 0, () => 0)).toBe(2000);
    const highest = (retry: number) => retryDelayMs(2000, retry, () => 0.999);
    expect(highest(0)).toBeGreaterThan(2000);
    expect(highest(0)).toBeLessThanOrEqual(2000 + RETRY_JITTER_MS);
    expect(highest(2)).toBeGreaterThan(highest(1));
    expect(highest(1)).toBeGreaterThan(highest(0));
  });

  it('spreads posters throttled together over different retry times', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const delays = Array.from({ length: 20 }, () => retryDelayMs(1000, 1, random));
    expect(new Set(delays).size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(1000);
  });
});

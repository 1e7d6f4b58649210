/**
 * A per-channel pacing limiter: each channel gets its next free slot, so posts into one channel are
 * spaced by at least the platform's interval while different channels proceed independently. The clock
 * and the wait are injected (tests advance a fake clock; nothing sleeps for real).
 */

export interface LimiterClock {
  now(): number;
  wait(ms: number): Promise<void>;
}

export interface ChannelLimiter {
  /** Resolves when the channel may take its next post; reserves that slot. */
  acquire(channel: string, intervalMs: number): Promise<void>;
  /** Keeps the channel quiet for `ms` from now (a 429's Retry-After plus jitter). */
  defer(channel: string, ms: number): void;
}

/** Slots in the past are forgotten once this many channels are remembered. */
const PRUNE_ABOVE = 1000;

export function channelLimiter(clock: LimiterClock): ChannelLimiter {
  const nextFree = new Map<string, number>();

  function prune(now: number): void {
    if (nextFree.size <= PRUNE_ABOVE) return;
    for (const [channel, at] of nextFree) if (at <= now) nextFree.delete(channel);
  }

  return {
    async acquire(channel, intervalMs) {
      const now = clock.now();
      prune(now);
      const slot = Math.max(now, nextFree.get(channel) ?? now);
      nextFree.set(channel, slot + intervalMs);
      if (slot > now) await clock.wait(slot - now);
    },
    defer(channel, ms) {
      const until = clock.now() + ms;
      nextFree.set(channel, Math.max(nextFree.get(channel) ?? until, until));
    },
  };
}

/** The real clock: wall time and a timer. */
export const systemClock: LimiterClock = {
  now: () => Date.now(),
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

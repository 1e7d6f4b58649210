/**
 * How Engage backs off when a platform answers 429 while posting proactively: a bounded number of retries,
 * jitter that grows with each retry, and a ceiling on how long a Retry-After is honoured before the post is
 * left for the next run. Each platform's own pacing (its posts-per-channel limit) is its poster's
 * `minPostIntervalMs`.
 */

/** Retries after a 429 before the post is recorded as failed (and retried by the job's next run). */
export const MAX_RATE_LIMIT_RETRIES = 4;

/** A Retry-After longer than this is not waited out inside a job run. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Upper bound of the random jitter added to a retry's wait, doubled on each further retry. */
export const RETRY_JITTER_MS = 250;

/** Channels posted to at the same time (each channel's own posts are still spaced by its limit). */
export const POSTING_CONCURRENCY = 4;

/**
 * The wait before retry number `retry` (0-based) after a 429: the platform's Retry-After plus jitter that
 * grows with each retry, so posters that were throttled together do not retry together.
 */
export function retryDelayMs(retryAfterMs: number, retry: number, random: () => number): number {
  const jitter = random() * RETRY_JITTER_MS * 2 ** retry;
  return Math.max(0, retryAfterMs) + Math.round(jitter);
}

/**
 * Posting one view into one linked channel exactly once. The intent is claimed in the posting ledger
 * before the send and settled after it, so a re-run never posts again what is already `posted`. Sends are
 * paced per channel (the platform's rate limit) and a 429 is retried after its Retry-After plus jitter, a
 * bounded number of times. A channel that is gone (Teams app uninstalled, Slack channel archived) is
 * unlinked and logged by id only.
 *
 * The trade-off for a crash between the platform accepting a post and the ledger recording it: the post
 * stays `pending`, and once its claim is older than `staleAfterMs` the next run sends it again. That
 * favours at-least-once (a rare duplicate digest) over at-most-once (a tutor silently missing a Monday
 * digest); the window is the few milliseconds between the platform's answer and the ledger write.
 */
import type { Logger } from '../../logging/logger.ts';
import type { ChatPlatform } from '../../repositories/channelLinks.ts';
import type { DigestPostRepository, PostKey } from '../../repositories/digestPosts.ts';
import type { ChannelPoster, PostOutcome } from '../ports.ts';
import type { View } from '../views/viewModel.ts';
import type { ChannelLimiter } from './channelLimiter.ts';
import { MAX_RATE_LIMIT_RETRIES, MAX_RETRY_AFTER_MS, retryDelayMs } from './postRates.ts';

export interface DeliveryDeps {
  posts: DigestPostRepository;
  /** Removes a channel's link once the platform says the channel is gone. */
  unlink(platform: ChatPlatform, channelId: string): Promise<unknown>;
  posters: Partial<Record<ChatPlatform, ChannelPoster>>;
  limiter: ChannelLimiter;
  /** Jitter source, [0, 1). */
  random: () => number;
  now: () => Date;
  /** A `pending` post claimed longer ago than this is taken over: its sender stopped mid-send. */
  staleAfterMs: number;
  logger: Logger;
}

/** What happened to one post in this run. */
export type DeliveryResult =
  'posted' | 'already-posted' | 'in-flight' | 'failed' | 'gone' | 'already-gone' | 'no-poster';

const MAX_REASON_LENGTH = 200;

export async function deliverOnce(deps: DeliveryDeps, key: PostKey, view: View): Promise<DeliveryResult> {
  const poster = deps.posters[key.platform];
  if (!poster) return 'no-poster';
  const now = deps.now();
  const claim = await deps.posts.claim(key, now, new Date(now.getTime() - deps.staleAfterMs));
  if (!claim.claimed) {
    if (claim.status === 'posted') return 'already-posted';
    return claim.status === 'gone' ? 'already-gone' : 'in-flight';
  }
  const outcome = await sendPaced(deps, poster, key, view);
  const log = { platform: key.platform, channelId: key.channelId, week: key.week, kind: key.kind };
  switch (outcome.kind) {
    case 'posted':
      await deps.posts.settle(
        key,
        claim.claimedAt,
        { status: 'posted', messageId: outcome.messageId },
        deps.now(),
      );
      return 'posted';
    case 'gone':
      await deps.posts.settle(key, claim.claimedAt, { status: 'gone', reason: outcome.reason }, deps.now());
      await deps.unlink(key.platform, key.channelId);
      deps.logger.warn({ ...log, reason: outcome.reason }, 'posting: channel is gone; unlinked it');
      return 'gone';
    default: {
      const reason = outcome.kind === 'failed' ? outcome.reason : 'rate limited';
      await deps.posts.settle(key, claim.claimedAt, { status: 'failed', reason }, deps.now());
      deps.logger.warn(
        { ...log, reason, attempts: claim.attempts },
        'posting: send failed; a re-run retries it',
      );
      return 'failed';
    }
  }
}

/** Sends within the channel's pace, retrying 429s; never returns `rate-limited`. */
async function sendPaced(
  deps: DeliveryDeps,
  poster: ChannelPoster,
  key: PostKey,
  view: View,
): Promise<Exclude<PostOutcome, { kind: 'rate-limited' }>> {
  const channel = `${key.platform}:${key.channelId}`;
  for (let retry = 0; ; retry++) {
    await deps.limiter.acquire(channel, poster.minPostIntervalMs);
    const outcome = await postSafely(poster, key.channelId, view);
    if (outcome.kind !== 'rate-limited') return outcome;
    if (retry >= MAX_RATE_LIMIT_RETRIES) {
      return { kind: 'failed', reason: `rate limited ${retry + 1} times in a row` };
    }
    if (outcome.retryAfterMs > MAX_RETRY_AFTER_MS) {
      return {
        kind: 'failed',
        reason: `rate limited with Retry-After ${Math.round(outcome.retryAfterMs / 1000)} s`,
      };
    }
    deps.limiter.defer(channel, retryDelayMs(outcome.retryAfterMs, retry, deps.random));
  }
}

async function postSafely(poster: ChannelPoster, channelId: string, view: View): Promise<PostOutcome> {
  try {
    return await poster.post(channelId, view);
  } catch (error) {
    return { kind: 'failed', reason: String((error as Error).message ?? error).slice(0, MAX_REASON_LENGTH) };
  }
}

/** Runs `task` over `items` with at most `concurrency` in flight; results in item order. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Counts of each result, for the job's log line. */
export function tally(results: readonly DeliveryResult[]): Partial<Record<DeliveryResult, number>> {
  const counts: Partial<Record<DeliveryResult, number>> = {};
  for (const result of results) counts[result] = (counts[result] ?? 0) + 1;
  return counts;
}

/**
 * The bodies of the `post-digests` and `governance-summary` jobs: for the latest scored week, each linked
 * tutor or programme channel gets its digest and each managers' channel the governance summary (aggregates
 * only), exactly once per channel per week (the posting ledger; see src/chat/posting/deliver.ts), paced
 * per channel and backing off on 429s. Channels already posted this week are skipped before any digest is
 * built. Logs counts and ids only.
 */
import type { LinkedDigest } from '../../src/chat/app.ts';
import { channelLimiter, systemClock, type LimiterClock } from '../../src/chat/posting/channelLimiter.ts';
import { deliverOnce, inPool, tally, type DeliveryDeps } from '../../src/chat/posting/deliver.ts';
import { POSTING_CONCURRENCY } from '../../src/chat/posting/postRates.ts';
import type { ChannelPoster } from '../../src/chat/ports.ts';
import type { Logger } from '../../src/logging/logger.ts';
import { namesStudents, type ChannelLink, type ChatPlatform } from '../../src/repositories/channelLinks.ts';
import type { PostKind } from '../../src/repositories/digestPosts.ts';
import type { Repositories } from '../../src/repositories/index.ts';

export interface PostingDeliveryOptions {
  repos: Repositories;
  posters: Partial<Record<ChatPlatform, ChannelPoster>>;
  logger: Logger;
  /** The jobs' lock lifetime: a post left pending for half of it was cut off by a crash. */
  lockLifetimeMs: number;
  clock?: LimiterClock;
  random?: () => number;
  now?: () => Date;
}

/** One delivery pipeline (ledger, posters, one per-channel limiter) for the jobs and the tutor notifier. */
export function postingDelivery(options: PostingDeliveryOptions): DeliveryDeps {
  return {
    posts: options.repos.digestPosts,
    unlink: (platform, channelId) => options.repos.channelLinks.unlink(platform, channelId),
    posters: options.posters,
    limiter: channelLimiter(options.clock ?? systemClock),
    random: options.random ?? Math.random,
    now: options.now ?? (() => new Date()),
    // Agenda renews a running job's lock every third of its lifetime and re-runs a crashed job once the
    // lock has expired, so by then a post the crashed run left pending is older than half the lifetime.
    staleAfterMs: options.lockLifetimeMs / 2,
    logger: options.logger,
  };
}

export interface PostingJobDeps {
  repos: Repositories;
  /** The chat app's digest builder (one read of the week's signals for every channel). */
  digests: { buildDigests(links: readonly ChannelLink[], now: Date): Promise<LinkedDigest[] | null> };
  delivery: DeliveryDeps;
  logger: Logger;
}

type PostingJobName = 'post-digests' | 'governance-summary';

export function postingJobHandlers(deps: PostingJobDeps) {
  const { delivery } = deps;

  async function postToLinkedChannels(
    job: PostingJobName,
    kind: PostKind,
    wanted: (link: ChannelLink) => boolean,
  ) {
    const week = (await deps.repos.scores.scoredWeeks()).at(-1);
    if (week === undefined) {
      deps.logger.warn(`${job}: no week has been scored yet; nothing to post`);
      return;
    }
    const links = (await deps.repos.channelLinks.list()).filter(
      (link) => wanted(link) && delivery.posters[link.platform] !== undefined,
    );
    const settled = new Set(
      (await deps.repos.digestPosts.forWeek(week))
        .filter((post) => post.kind === kind && (post.status === 'posted' || post.status === 'gone'))
        .map((post) => `${post.platform}:${post.channelId}`),
    );
    const due = links.filter((link) => !settled.has(`${link.platform}:${link.channelId}`));
    const digests = due.length === 0 ? [] : await deps.digests.buildDigests(due, delivery.now());
    if (digests === null) {
      deps.logger.warn(`${job}: no week has been scored yet; nothing to post`);
      return;
    }
    const results = await inPool(digests, POSTING_CONCURRENCY, ({ link, view }) =>
      deliverOnce(
        delivery,
        { platform: link.platform, channelId: link.channelId, week: view.week, kind },
        view,
      ),
    );
    deps.logger.info(
      { week, channels: links.length, alreadyDone: links.length - due.length, ...tally(results) },
      `${job}: done`,
    );
  }

  return {
    'post-digests': (_options: Record<string, unknown>) =>
      postToLinkedChannels('post-digests', 'digest', (link) => namesStudents(link.group)),
    'governance-summary': (_options: Record<string, unknown>) =>
      postToLinkedChannels('governance-summary', 'governance', (link) => link.group.kind === 'managers'),
  };
}

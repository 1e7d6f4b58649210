/**
 * The `ingest-source` job's dispatch: a source's feed configuration names at most one pull connector —
 * a landing directory, a remote SFTP server, Moodle, Canvas or Microsoft Graph — and this runs it; and the
 * schedule of every source with one, on the connector's own cron. (xAPI is pushed to the service, not
 * pulled, so it has no schedule.)
 */
import { PULL_CONNECTORS } from '../../src/ingest/feeds.ts';
import { IngestError, type IngestOutcome } from '../../src/ingest/ingestDelivery.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import { pullCanvas } from './canvas/pull.ts';
import { ingestLanding } from './landing/pull.ts';
import { pullGraph } from './graph/pull.ts';
import { pullMoodle } from './moodle/pull.ts';
import { pullSftp } from './sftp/pull.ts';
import type { Wait } from './shared/http.ts';

export interface IngestSourceResult {
  outcomes: IngestOutcome[];
  /** Files left where they were, with why (SFTP). */
  failed: { file: string; reason: string }[];
}

export async function runIngestSource(
  repos: Repositories,
  sourceId: string,
  logger: Logger,
  options: { env?: NodeJS.ProcessEnv; wait?: Wait } = {},
): Promise<IngestSourceResult> {
  const feed = await repos.feeds.feed(sourceId);
  if (!feed) throw new IngestError(`source "${sourceId}" has no feed configuration`);
  if (feed.sftp) return pullSftp(repos, sourceId, logger, options);
  if (feed.moodle) return { outcomes: await pullMoodle(repos, sourceId, options), failed: [] };
  if (feed.canvas) return { outcomes: await pullCanvas(repos, sourceId, options), failed: [] };
  if (feed.graph) return { outcomes: [await pullGraph(repos, sourceId, options)], failed: [] };
  if (feed.landing) return { outcomes: await ingestLanding(repos, sourceId), failed: [] };
  throw new IngestError(`source "${sourceId}" has no pull connector (${PULL_CONNECTORS.join(', ')})`);
}

/** One `ingest-source` schedule per source with a pull connector, on that connector's cron. */
export async function connectorSchedules(repos: Repositories): Promise<{ sourceId: string; cron: string }[]> {
  return (await repos.feeds.listFeeds()).flatMap((feed) => {
    const kind = PULL_CONNECTORS.find((candidate) => feed[candidate] !== undefined);
    return kind === undefined
      ? []
      : [{ sourceId: feed.sourceId, cron: (feed[kind] as { cron: string }).cron }];
  });
}

/**
 * The `ingest-source` job's dispatch: a source's feed configuration names at most one pull connector (see
 * registry.ts) and this runs it; and the schedule of every source with one, on the connector's own cron.
 * (xAPI is pushed to the service, not pulled, so it has no schedule.)
 */
import { IngestError } from '../../src/ingest/ingestDelivery.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import type { PullResult } from './connector.ts';
import { PULL_CONNECTORS } from './registry.ts';
import type { Wait } from './shared/http.ts';

export async function runIngestSource(
  repos: Repositories,
  sourceId: string,
  logger: Logger,
  options: { env?: NodeJS.ProcessEnv; wait?: Wait } = {},
): Promise<PullResult> {
  const feed = await repos.feeds.feed(sourceId);
  if (!feed) throw new IngestError(`source "${sourceId}" has no feed configuration`);
  const connector = PULL_CONNECTORS.find(({ kind }) => feed[kind] !== undefined);
  if (!connector) {
    const kinds = PULL_CONNECTORS.map(({ kind }) => kind).join(', ');
    throw new IngestError(`source "${sourceId}" has no pull connector (${kinds})`);
  }
  return connector.pull({ repos, sourceId, logger, ...options });
}

/** One `ingest-source` schedule per source with a pull connector, on that connector's cron. */
export async function connectorSchedules(repos: Repositories): Promise<{ sourceId: string; cron: string }[]> {
  return (await repos.feeds.listFeeds()).flatMap((feed) => {
    const connector = PULL_CONNECTORS.find(({ kind }) => feed[kind] !== undefined);
    return connector === undefined
      ? []
      : [{ sourceId: feed.sourceId, cron: (feed[connector.kind] as { cron: string }).cron }];
  });
}

/**
 * The one seam every connector kind implements: the key of its block in a source's feed configuration, the
 * zod schema of that block, any checks the block needs against the rest of the feed, and — for connectors
 * the `ingest-source` job pulls on the block's cron — the pull itself, with one result shape for all. A
 * new connector is a folder under adapters/connectors/ exporting one of these, and one line in registry.ts.
 */
import type { z } from 'zod';
import type { FeedConfig } from '../../src/ingest/feeds.ts';
import type { IngestOutcome } from '../../src/ingest/ingestDelivery.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import type { Wait } from './shared/http.ts';

export interface PullContext {
  repos: Repositories;
  sourceId: string;
  logger: Logger;
  /** Where secrets named by the block are read from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** How backoff waits (tests pass a fake). */
  wait?: Wait;
}

/** What one pull did: the deliveries it ingested, and files it left where they were, with why. */
export interface PullResult {
  outcomes: IngestOutcome[];
  failed: { file: string; reason: string }[];
}

/** A problem with a connector's block, at a path inside the feed. */
export interface FeedIssue {
  path: (string | number)[];
  message: string;
}

export interface Connector<Kind extends string = string, Block extends z.ZodType = z.ZodType> {
  /** The block's key in a feed configuration, e.g. `moodle`. */
  kind: Kind;
  /** The block's schema (its defaults applied when a feed is configured). */
  block: Block;
  /** Checks of the block against the rest of the feed. */
  check?(block: z.output<Block>, feed: FeedConfig): FeedIssue[];
  /** For pull connectors: fetches and ingests the source's new data (the block has a `cron`). */
  pull?(context: PullContext): Promise<PullResult>;
}

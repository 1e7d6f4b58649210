/**
 * Every connector kind, one line each, and the feed schema built from them: a feed may carry any of their
 * blocks, at most one of them a pull connector (run by the `ingest-source` job on the block's cron). A new
 * connector is a folder beside this file exporting a `Connector`, and one line below.
 */
import type { z } from 'zod';
import { feedConfigSchema } from '../../src/ingest/feeds.ts';
import { canvasConnector } from './canvas/index.ts';
import type { Connector } from './connector.ts';
import { graphConnector } from './graph/index.ts';
import { landingConnector } from './landing/index.ts';
import { moodleConnector } from './moodle/index.ts';
import { sftpConnector } from './sftp/index.ts';
import { xapiConnector } from './xapi/index.ts';

export const CONNECTORS = [
  landingConnector,
  sftpConnector,
  moodleConnector,
  canvasConnector,
  graphConnector,
  xapiConnector,
] as const;

/** The connectors the `ingest-source` job pulls, in the order a refusal names them. */
export const PULL_CONNECTORS: readonly Required<Pick<Connector, 'kind' | 'pull'>>[] = CONNECTORS.filter(
  (connector): connector is Extract<(typeof CONNECTORS)[number], { pull: unknown }> => 'pull' in connector,
);

type Blocks = { [C in (typeof CONNECTORS)[number] as C['kind']]: z.ZodOptional<C['block']> };

const blocks = Object.fromEntries(
  CONNECTORS.map((connector) => [connector.kind, connector.block.optional()]),
) as Blocks;

/** A source's whole feed configuration, with every connector's block. */
export const FeedConfigSchema = feedConfigSchema(blocks, (feed, context) => {
  const pulls = PULL_CONNECTORS.filter(({ kind }) => feed[kind] !== undefined).map(({ kind }) => kind);
  if (pulls.length > 1) {
    context.addIssue({
      code: 'custom',
      path: [pulls[1] as string],
      message: `a source is fed by one pull connector, not ${pulls.join(' and ')}`,
    });
  }
  for (const connector of CONNECTORS as readonly Connector[]) {
    const block = feed[connector.kind];
    if (block === undefined || !connector.check) continue;
    for (const issue of connector.check(block, feed)) context.addIssue({ code: 'custom', ...issue });
  }
});

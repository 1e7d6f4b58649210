/** The Canvas connector: page views and submissions through the Canvas REST API. */
import type { Connector } from '../connector.ts';
import { submissionsSourceMapped } from '../shared/configFields.ts';
import { canvasBlock } from './config.ts';
import { pullCanvas } from './pull.ts';

export const canvasConnector = {
  kind: 'canvas',
  block: canvasBlock,
  check: (block, feed) => submissionsSourceMapped('canvas', block, feed.sourceValues),
  pull: async ({ repos, sourceId, env, wait }) => ({
    outcomes: await pullCanvas(repos, sourceId, { env, wait }),
    failed: [],
  }),
} satisfies Connector<'canvas', typeof canvasBlock>;

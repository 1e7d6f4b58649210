/** The Microsoft Graph connector: each student's Teams activity from the usage reports. */
import type { Connector } from '../connector.ts';
import { graphBlock } from './config.ts';
import { pullGraph } from './pull.ts';

export const graphConnector = {
  kind: 'graph',
  block: graphBlock,
  pull: async ({ repos, sourceId, env, wait }) => ({
    outcomes: [await pullGraph(repos, sourceId, { env, wait })],
    failed: [],
  }),
} satisfies Connector<'graph', typeof graphBlock>;

/** The landing-directory connector: files an institution's system drops into a directory Engage watches. */
import type { Connector } from '../connector.ts';
import { landingBlock } from './config.ts';
import { ingestLanding } from './pull.ts';

export const landingConnector = {
  kind: 'landing',
  block: landingBlock,
  pull: async ({ repos, sourceId }) => ({ outcomes: await ingestLanding(repos, sourceId), failed: [] }),
} satisfies Connector<'landing', typeof landingBlock>;

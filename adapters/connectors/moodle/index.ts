/** The Moodle connector: course access and submissions through Moodle's web services. */
import type { Connector } from '../connector.ts';
import { submissionsSourceMapped } from '../shared/configFields.ts';
import { moodleBlock } from './config.ts';
import { pullMoodle } from './pull.ts';

export const moodleConnector = {
  kind: 'moodle',
  block: moodleBlock,
  check: (block, feed) => submissionsSourceMapped('moodle', block, feed.sourceValues),
  pull: async ({ repos, sourceId, env, wait }) => ({
    outcomes: await pullMoodle(repos, sourceId, { env, wait }),
    failed: [],
  }),
} satisfies Connector<'moodle', typeof moodleBlock>;

// Shared set-up for the posting tests: linking channels, forgetting links and posts between tests, a fake clock that records waits instead of
// sleeping, and a nock stand-in for Slack's chat.postMessage that records what was posted.
import nock from 'nock';
import type { ChartLinker } from '../../src/chat/ports.ts';
import type { LinkedGroup } from '../../src/repositories/channelLinks.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import { COLLECTIONS } from '../../src/store/collections.ts';
import type { SeededStore } from '../helpers/demoStore.ts';

export const SLACK = 'https://slack.com';

/** Forgets every linked channel and recorded digest post, so each test links and posts afresh. */
export async function forgetLinksAndPosts(seeded: SeededStore): Promise<void> {
  await seeded.store.db.collection(COLLECTIONS.channelLinks.name).deleteMany({});
  await seeded.store.db.collection(COLLECTIONS.digestPosts.name).deleteMany({});
}

export async function linkSlackChannel(repos: Repositories, channelId: string, group: LinkedGroup) {
  await repos.channelLinks.link({
    platform: 'slack',
    channelId,
    channelName: null,
    workspaceId: 'T0001',
    group,
    linkedBy: 'STF0001',
    linkedAt: new Date('2026-01-05T09:00:00Z'),
  });
}

/** A clock that moves only when waited on; every wait is recorded. */
export function fakeClock() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    wait: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

export interface PostedMessage {
  channel: string;
  text: string;
  blocks: string;
}

/** Answers chat.postMessage as Slack does (ok, channel, ts) and records each posted message. */
export function slackAccepts(posted: PostedMessage[], times = 10) {
  let ts = 1_700_000_000;
  return nock(SLACK)
    .post('/api/chat.postMessage', (body: PostedMessage) => {
      posted.push(body);
      return true;
    })
    .times(times)
    .reply(200, (_uri, body) => ({
      ok: true,
      channel: (body as PostedMessage).channel,
      ts: `${ts++}.000100`,
    }));
}

/** Signed-URL charts are not what the posting tests are about: a linker that hands out fixed URLs. */
export const fixedCharts: ChartLinker = {
  trend: async () => ({ url: 'https://engage.example/charts/trend.png', alt: 'trend' }),
  bands: async () => ({ url: 'https://engage.example/charts/bands.png', alt: 'bands' }),
  calibration: async () => ({ url: 'https://engage.example/charts/calibration.png', alt: 'calibration' }),
};

// The post-digests job into Teams channels with the real Teams poster (botbuilder's CloudAdapter), nock at
// the Entra token endpoint and the Bot Connector: one Adaptive Card per linked conversation, nothing on a
// second run, a 429 Retry-After waited out, and a 403 from a conversation the app was removed from unlinks it.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postingDelivery, postingJobHandlers } from '../../adapters/runtime/postingJobs.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { TeamsCloudAdapter } from '../../adapters/teams/cloudAdapter.ts';
import { teamsPoster } from '../../adapters/teams/poster.ts';
import { createChatApp } from '../../src/chat/app.ts';
import { isTermWeek } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';
import { SERVICE_URL, TENANT_ID, TEST_CREDENTIALS, nockBotToken } from '../teams/botFramework.ts';
import { teamsFixture } from '../teams/fixtures.ts';
import { fakeClock, fixedCharts, forgetLinksAndPosts } from './support.ts';

const CONNECTOR = 'https://smba.trafficmanager.net';
const TEAM_A = '19:8a2b7c6d5e4f4a3b9c8d7e6f5a4b3c2d@thread.tacv2';
const TEAM_B = '19:0f1e2d3c4b5a49788796a5b4c3d2e1f0@thread.tacv2';
const activitiesPath = (conversation: string) =>
  `/emea/v3/conversations/${encodeURIComponent(conversation)}/activities`;
const logger = createLogger({ level: 'silent' });

let seeded: SeededStore;
let tutorIds: string[];

beforeAll(async () => {
  nock.disableNetConnect();
  seeded = await openSeededStore({ students: 200, weeks: 6, seed: 3 });
  for (const entry of seeded.institution.calendar.filter(isTermWeek))
    await scoreAndStoreWeek(seeded.repos, entry.week);
  tutorIds = [...new Set(seeded.institution.students.map((student) => student.tutorId))].sort();
  const installed = teamsFixture('conversation-update-bot-added');
  for (const conversation of [TEAM_A, TEAM_B]) {
    await seeded.repos.conversations.seen(
      'teams',
      conversation,
      {
        channelId: 'msteams',
        serviceUrl: SERVICE_URL,
        bot: installed.recipient,
        conversation: { ...installed.conversation, id: conversation },
      },
      new Date('2026-11-30T16:05:41Z'),
    );
  }
});
afterAll(async () => {
  await seeded.close();
  nock.cleanAll();
  nock.enableNetConnect();
});
beforeEach(async () => {
  nock.cleanAll();
  nockBotToken();
  await forgetLinksAndPosts(seeded);
  for (const [index, conversation] of [TEAM_A, TEAM_B].entries()) {
    await seeded.repos.channelLinks.link({
      platform: 'teams',
      channelId: conversation,
      channelName: null,
      workspaceId: TENANT_ID,
      group: { kind: 'tutor', staffId: tutorIds[index]! },
      linkedBy: 'STF0001',
      linkedAt: new Date('2026-11-30T16:10:00Z'),
    });
  }
});
afterEach(() => {
  expect(nock.pendingMocks().filter((mock) => mock.includes('smba'))).toEqual([]);
});

function postDigests(clock = fakeClock()) {
  const adapter = new TeamsCloudAdapter(TEST_CREDENTIALS);
  const poster = teamsPoster({
    adapter,
    conversations: seeded.repos.conversations,
    renderCard: renderAdaptiveCard,
  });
  const delivery = postingDelivery({
    repos: seeded.repos,
    posters: { teams: poster },
    logger,
    lockLifetimeMs: 600_000,
    clock,
    random: () => 0.5,
  });
  const chat = createChatApp({ repos: seeded.repos, charts: fixedCharts });
  return postingJobHandlers({ repos: seeded.repos, digests: chat, delivery, logger })['post-digests']!({});
}

async function statuses(): Promise<Record<string, string>> {
  const week = (await seeded.repos.scores.scoredWeeks()).at(-1)!;
  const posts = await seeded.repos.digestPosts.forWeek(week);
  return Object.fromEntries(posts.map((post) => [post.channelId, post.status]));
}

type Card = { attachments: { contentType: string; content: { type: string; body: unknown[] } }[] };

describe('post-digests into Teams', () => {
  it('posts one digest card per linked conversation, and nothing on a second run', async () => {
    const cards: Card[] = [];
    for (const [index, conversation] of [TEAM_A, TEAM_B].entries()) {
      nock(CONNECTOR)
        .post(activitiesPath(conversation))
        .matchHeader('authorization', 'Bearer outbound-token')
        .reply(201, (_path, body) => {
          cards.push(body as Card);
          return { id: `17645856001${index}` };
        });
    }
    await postDigests();
    expect(cards).toHaveLength(2);
    for (const card of cards) {
      expect(card.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(JSON.stringify(card.attachments[0]!.content)).toMatch(/digest/i);
    }
    const posts = await seeded.repos.digestPosts.forWeek((await seeded.repos.scores.scoredWeeks()).at(-1)!);
    expect(posts.map((post) => post.messageId).sort()).toEqual(['176458560010', '176458560011']);

    // No Bot Connector call is answered now: a second post would fail and be recorded as failed.
    await postDigests();
    expect(cards).toHaveLength(2);
    expect(await statuses()).toEqual({ [TEAM_A]: 'posted', [TEAM_B]: 'posted' });
  });

  it('waits out a 429 Retry-After and posts once', async () => {
    nock(CONNECTOR)
      .post(activitiesPath(TEAM_A))
      .reply(
        429,
        { error: { code: 'TooManyRequests', message: 'Too many requests' } },
        { 'Retry-After': '2' },
      )
      .post(activitiesPath(TEAM_A))
      .reply(201, { id: 'a-1' })
      .post(activitiesPath(TEAM_B))
      .reply(201, { id: 'b-1' });
    const clock = fakeClock();
    await postDigests(clock);
    expect(clock.waits.some((ms) => ms >= 2000)).toBe(true);
    expect(await statuses()).toEqual({ [TEAM_A]: 'posted', [TEAM_B]: 'posted' });
  });

  it('unlinks a conversation the app was removed from (403) and keeps posting to the others', async () => {
    nock(CONNECTOR)
      .post(activitiesPath(TEAM_A))
      .reply(403, {
        error: {
          code: 'BotNotInConversationRoster',
          message: 'The bot is not part of the conversation roster.',
        },
      })
      .post(activitiesPath(TEAM_B))
      .reply(201, { id: 'b-2' });
    await postDigests();
    expect((await seeded.repos.channelLinks.list()).map((link) => link.channelId)).toEqual([TEAM_B]);
    expect(await statuses()).toEqual({ [TEAM_A]: 'gone', [TEAM_B]: 'posted' });
    await postDigests();
    expect(await statuses()).toEqual({ [TEAM_A]: 'gone', [TEAM_B]: 'posted' });
  });
});

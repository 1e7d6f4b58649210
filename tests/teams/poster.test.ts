import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { TeamsCloudAdapter } from '../../adapters/teams/cloudAdapter.ts';
import { teamsPoster } from '../../adapters/teams/poster.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import type { ChannelPoster } from '../../src/chat/ports.ts';
import type { NoticeView } from '../../src/chat/views/viewModel.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import type { Store } from '../../src/store/types.ts';
import { SERVICE_URL, TEST_CREDENTIALS, nockBotToken } from './botFramework.ts';
import { teamsFixture } from './fixtures.ts';

const TEAM = '19:8a2b7c6d5e4f4a3b9c8d7e6f5a4b3c2d@thread.tacv2';
const ACTIVITIES_PATH = `/emea/v3/conversations/${encodeURIComponent(TEAM)}/activities`;
const VIEW: NoticeView = {
  kind: 'notice',
  tone: 'info',
  title: 'Monday digest',
  text: 'Four students need a look this week.',
  buttons: [],
};

describe('posting to a Teams channel', () => {
  let dir: string;
  let store: Store;
  let repos: Repositories;
  let poster: ChannelPoster;

  beforeAll(async () => {
    nock.disableNetConnect();
    nockBotToken();
    dir = await mkdtemp(join(tmpdir(), 'engage-teams-poster-'));
    store = await openEmbeddedStore({ dataDir: dir });
    await ensureCollections(store.db);
    repos = repositories(store.db);
    const installed = teamsFixture('conversation-update-bot-added');
    await repos.conversations.seen(
      'teams',
      TEAM,
      {
        channelId: 'msteams',
        serviceUrl: SERVICE_URL,
        bot: installed.recipient,
        conversation: installed.conversation,
      },
      new Date('2026-11-30T16:05:41Z'),
    );
    const adapter = new TeamsCloudAdapter(TEST_CREDENTIALS);
    poster = teamsPoster({ adapter, conversations: repos.conversations, renderCard: renderAdaptiveCard });
  });

  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
    nock.cleanAll();
    nock.enableNetConnect();
  });

  afterEach(() => {
    expect(nock.pendingMocks().filter((mock) => mock.includes('smba'))).toEqual([]);
  });

  it('posts the view as an Adaptive Card into the conversation as the bot and returns the message id', async () => {
    let sent:
      | { type: string; attachments: { contentType: string; content: unknown }[]; from: { id: string } }
      | undefined;
    nock('https://smba.trafficmanager.net')
      .post(ACTIVITIES_PATH)
      .matchHeader('authorization', 'Bearer outbound-token')
      .reply(201, (_path, body) => {
        sent = body as typeof sent;
        return { id: '1764585600123' };
      });
    expect(await poster.post(TEAM, VIEW)).toEqual({ kind: 'posted', messageId: '1764585600123' });
    expect(sent?.type).toBe('message');
    expect(sent?.attachments).toEqual([
      { contentType: 'application/vnd.microsoft.card.adaptive', content: renderAdaptiveCard(VIEW) },
    ]);
  });

  it('reports a 429 as rate-limited with the Retry-After wait', async () => {
    nock('https://smba.trafficmanager.net')
      .post(ACTIVITIES_PATH)
      .reply(
        429,
        { error: { code: 'TooManyRequests', message: 'Too many requests' } },
        { 'Retry-After': '3' },
      );
    expect(await poster.post(TEAM, VIEW)).toEqual({ kind: 'rate-limited', retryAfterMs: 3000 });
  });

  it('reports 403 BotNotInConversationRoster as gone, naming the code', async () => {
    nock('https://smba.trafficmanager.net')
      .post(ACTIVITIES_PATH)
      .reply(403, {
        error: {
          code: 'BotNotInConversationRoster',
          message: 'The bot is not part of the conversation roster.',
        },
      });
    expect(await poster.post(TEAM, VIEW)).toEqual({
      kind: 'gone',
      reason: 'Teams answered 403 BotNotInConversationRoster',
    });
  });

  it('reports 404 ConversationNotFound as gone', async () => {
    nock('https://smba.trafficmanager.net')
      .post(ACTIVITIES_PATH)
      .reply(404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
    expect(await poster.post(TEAM, VIEW)).toEqual({
      kind: 'gone',
      reason: 'Teams answered 404 ConversationNotFound',
    });
  });

  it('reports a 5xx as failed', async () => {
    nock('https://smba.trafficmanager.net')
      .post(ACTIVITIES_PATH)
      .reply(502, { error: { code: 'ServiceError', message: 'Upstream failure' } });
    expect(await poster.post(TEAM, VIEW)).toEqual({
      kind: 'failed',
      reason: 'Teams answered 502 ServiceError',
    });
  });

  it('reports a conversation it was never installed in, or removed from, as gone without calling Teams', async () => {
    expect(await poster.post('19:never@thread.tacv2', VIEW)).toEqual({
      kind: 'gone',
      reason: 'Engage was never installed in this conversation',
    });
    await repos.conversations.removed('teams', TEAM, new Date('2026-12-04T09:14:02Z'));
    expect(await poster.post(TEAM, VIEW)).toEqual({
      kind: 'gone',
      reason: 'Engage was removed from this conversation',
    });
  });
});

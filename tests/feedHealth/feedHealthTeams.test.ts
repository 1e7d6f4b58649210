// Feed health in Teams: a held delivery's card posted into the admins' channel with the real Teams poster
// (botbuilder's CloudAdapter, nock at the Entra token endpoint and the Bot Connector) exactly once across
// two runs, and its Discard button pressed through the real /api/messages on loopback (a signed
// Action.Execute invoke) by an administrator: the delivery is discarded and the answer says by whom.
import Fastify, { type FastifyInstance } from 'fastify';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedHealthJobHandlers } from '../../adapters/runtime/feedHealthJob.ts';
import { postingDelivery } from '../../adapters/runtime/postingJobs.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { TeamsCloudAdapter } from '../../adapters/teams/cloudAdapter.ts';
import { teamsPoster } from '../../adapters/teams/poster.ts';
import { registerTeams } from '../../adapters/teams/route.ts';
import { addWeeks, isoWeekStart, type IsoWeek } from '../../src/domain/isoWeek.ts';
import type { Staff } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openChatWorld, staffWithRole, type ChatWorld } from '../chat/support.ts';
import { fakeClock } from '../posting/support.ts';
import {
  SERVICE_URL,
  TENANT_ID,
  TEST_CREDENTIALS,
  botFrameworkToken,
  generateSigningKey,
  nockBotToken,
  nockOpenIdMetadata,
} from '../teams/botFramework.ts';
import { teamsFixture } from '../teams/fixtures.ts';

const CONNECTOR = 'https://smba.trafficmanager.net';
const CHANNEL = '19:4f1d9c2e8a7b4e0f9d3c6b5a2e1f0d9c@thread.tacv2';
const TEAM = '19:8a2b7c6d5e4f4a3b9c8d7e6f5a4b3c2d@thread.tacv2';
const DAY_MS = 86_400_000;
const logger = createLogger({ level: 'silent' });
const signingKey = generateSigningKey('bf-key-feed');

type Card = {
  attachments: {
    content: { body: unknown[]; actions: { title: string; data: Record<string, unknown> }[] };
  }[];
};

let world: ChatWorld;
let server: FastifyInstance;
let url: string;
let admin: Staff;
let week: IsoWeek;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nockOpenIdMetadata([signingKey]);
  world = await openChatWorld({ students: 120, weeks: 6 });
  admin = staffWithRole(world, 'admin');
  const repos = world.seeded.repos;
  week = (await repos.scores.scoredWeeks()).at(-1)!;
  const installed = teamsFixture('conversation-update-bot-added');
  await repos.conversations.seen(
    'teams',
    CHANNEL,
    {
      channelId: 'msteams',
      serviceUrl: SERVICE_URL,
      bot: installed.recipient,
      conversation: { ...installed.conversation, id: CHANNEL },
    },
    new Date('2026-11-30T16:05:41Z'),
  );
  await repos.channelLinks.link({
    platform: 'teams',
    channelId: CHANNEL,
    channelName: 'Engage admins',
    workspaceId: TENANT_ID,
    group: { kind: 'admins' },
    linkedBy: admin.id,
    linkedAt: new Date('2026-11-30T16:10:00Z'),
  });
  server = Fastify();
  await registerTeams(server, {
    adapter: new TeamsCloudAdapter(TEST_CREDENTIALS),
    chatApp: world.app,
    renderCard: renderAdaptiveCard,
    conversations: repos.conversations,
    inboundDedupe: repos.inboundDedupe,
    logger,
    now: () => new Date('2026-12-01T10:32:00Z'),
  });
  url = `${await server.listen({ host: '127.0.0.1', port: 0 })}/api/messages`;
  // The member lookup that tells Engage who pressed the button: the administrator.
  nock(CONNECTOR)
    .persist()
    .get(
      `/emea/v3/conversations/${encodeURIComponent(TEAM)}/members/${encodeURIComponent(teamsFixture('team-member').id)}`,
    )
    .reply(200, { ...teamsFixture('team-member'), email: admin.email, userPrincipalName: admin.email });
}, 120_000);
afterAll(async () => {
  await server.close();
  await world.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

function runFeedHealth(now: Date) {
  const adapter = new TeamsCloudAdapter(TEST_CREDENTIALS);
  const poster = teamsPoster({
    adapter,
    conversations: world.seeded.repos.conversations,
    renderCard: renderAdaptiveCard,
  });
  const delivery = postingDelivery({
    repos: world.seeded.repos,
    posters: { teams: poster },
    logger,
    lockLifetimeMs: 600_000,
    clock: fakeClock(),
    random: () => 0.5,
    now: () => now,
  });
  return feedHealthJobHandlers({ repos: world.seeded.repos, delivery, logger })['feed-health']({});
}

describe('the feed-health card in Teams', () => {
  it("reaches the admins' channel once, and its Discard button discards the held delivery", async () => {
    const repos = world.seeded.repos;
    const weekEnd = isoWeekStart(addWeeks(week, 1)).getTime();
    const received = new Date(weekEnd + DAY_MS);
    const record = {
      sourceId: 'panopto',
      mode: 'snapshot' as const,
      quarantined: 0,
      weeks: [{ week, rows: 600, students: 120 }],
      reason: null,
    };
    await repos.deliveries.save({
      ...record,
      id: 'p1',
      name: 'p1.csv',
      receivedAt: received,
      status: 'applied',
      rows: 600,
      good: 600,
      students: 120,
      appliedAt: received,
    });
    await repos.deliveries.save({
      ...record,
      id: 'p2',
      name: 'views-week.csv',
      receivedAt: new Date(weekEnd + 2 * DAY_MS),
      status: 'held',
      rows: 9000,
      good: 9000,
      students: 120,
      reason: '9000 rows is ten or more times more than the usual 600',
      appliedAt: null,
    });
    const studentId = world.students[0]!.id;
    await repos.deliveries.hold('panopto', 'p2', [
      { week, sourceId: 'panopto', studentIds: [studentId], counts: [75] },
    ]);

    nockBotToken();
    const cards: Card[] = [];
    nock(CONNECTOR)
      .post(`/emea/v3/conversations/${encodeURIComponent(CHANNEL)}/activities`)
      .reply(201, (_path, body) => {
        cards.push(body as Card);
        return { id: '1764585600100' };
      });
    const now = new Date(weekEnd + 3 * DAY_MS);
    await runFeedHealth(now);
    // No Bot Connector call is answered now: a second post would fail and be recorded as failed.
    await runFeedHealth(now);
    expect(cards).toHaveLength(1);
    const content = cards[0]!.attachments[0]!.content;
    expect(JSON.stringify(content.body)).toContain(
      'Feed health: Panopto lecture capture views — delivery held',
    );
    expect(content.actions.map((action) => action.title)).toEqual([
      'Approve',
      'Discard',
      'Contact the owner',
    ]);
    const posts = await repos.digestPosts.forWeek(addWeeks(week, 1));
    expect(posts.map((post) => [post.kind, post.status])).toEqual([['feed:held:panopto:p2', 'posted']]);

    const invoke = teamsFixture('invoke-adaptive-card-action');
    invoke.id = 'f:feed-health-discard-1';
    invoke.value.action.title = 'Discard';
    invoke.value.action.data = content.actions.find((action) => action.title === 'Discard')!.data;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${botFrameworkToken(signingKey)}`,
      },
      body: JSON.stringify(invoke),
    });
    expect(response.status).toBe(200);
    const answer = JSON.stringify(await response.json());
    expect(answer).toContain(`discarded by ${admin.name}`);
    expect(await repos.deliveries.find('panopto', 'p2')).toMatchObject({ status: 'discarded' });
    expect(await repos.deliveries.heldColumns('panopto', 'p2')).toEqual([]);
    const measures = await repos.measures.measuresForStudent(studentId);
    expect(measures.some((m) => m.sourceId === 'panopto' && m.week === week && m.count === 75)).toBe(false);
  });
});

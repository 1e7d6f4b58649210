// Payloads as Slack documents them (tests/fixtures/slack/) replayed through /slack/events on a real
// Fastify: the app_rate_limited notice and events Engage does not handle are acknowledged, never refused;
// a users.info failure is told as "could not check who you are", not as an unknown user; Web API failures
// are logged with their code and Slack's error string; times are shown in the user's Slack time zone.
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Staff, Student } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openChatWorld, staffWithRole, type ChatWorld } from '../chat/support.ts';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import {
  BOT_TOKEN,
  fixture,
  formBody,
  interactionBody,
  interceptOnce,
  sendToSlackEvents as sendSignedNow,
  SLACK_API,
  slackUsers,
  startSlackServer,
  type SendOptions,
  type SlackServer,
} from './harness.ts';

const NOW = new Date('2026-12-01T10:32:00Z');

/** Signed at the service's (fixed) clock, as Slack would sign a request arriving then. */
const sendToSlackEvents = (server: SlackServer, body: string, options: SendOptions = {}) =>
  sendSignedNow(server, body, { timestamp: NOW.getTime() / 1000, ...options });

const TUTOR_USER = 'U2147483697';
const CHANNEL = 'C2147483705';

interface LogEntry {
  level: number;
  msg: string;
  [field: string]: unknown;
}

describe('documented Slack payloads through /slack/events', () => {
  allowOnlyLoopback();

  let world: ChatWorld;
  let slack: SlackServer;
  let tutor: Staff;
  let tutee: Student;
  const lines: string[] = [];
  let waiting: { test: (entry: LogEntry) => boolean; resolve: (entry: LogEntry) => void }[] = [];

  /** Resolves with the first log line (already written or to come) that passes the test. */
  function logged(test: (entry: LogEntry) => boolean): Promise<LogEntry> {
    const seen = lines.map((line) => JSON.parse(line) as LogEntry).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => waiting.push({ test, resolve }));
  }

  beforeAll(async () => {
    world = await openChatWorld({ students: 120, weeks: 8 });
    tutor = staffWithRole(world, 'tutor', (staff) => world.students.some((s) => s.tutorId === staff.id));
    tutee = world.students.find((student) => student.tutorId === tutor.id && student.status === 'active')!;
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const line = chunk.toString();
        lines.push(line);
        const entry = JSON.parse(line) as LogEntry;
        waiting = waiting.filter((wait) => (wait.test(entry) ? (wait.resolve(entry), false) : true));
        done();
      },
    });
    // The tutor group's channel, linked before any request reads (and caches) its link.
    await world.seeded.repos.channelLinks.link({
      platform: 'slack',
      channelId: CHANNEL,
      channelName: 'cs-year-2-tutors',
      workspaceId: 'T0001',
      group: { kind: 'tutor', staffId: tutor.id },
      linkedBy: tutor.id,
      linkedAt: NOW,
    });
    slack = await startSlackServer(world.app, {
      logger: createLogger({ level: 'info', destination }),
      now: () => NOW,
    });
  }, 120_000);
  afterEach(() => {
    nock.cleanAll();
    lines.length = 0;
  });
  afterAll(async () => {
    await slack.close();
    await world.close();
  });

  const sendJson = (body: unknown) =>
    sendToSlackEvents(slack, JSON.stringify(body), { contentType: 'application/json' });

  it('app_rate_limited is acknowledged with 200 and logged with the workspace and the minute it began', async () => {
    const response = await sendJson(fixture('app-rate-limited'));
    expect(response.status).toBe(200);
    expect(await logged((entry) => entry.msg.includes('rate-limiting'))).toMatchObject({
      teamId: 'T0001',
      appId: 'A123456',
      since: '2026-12-01T10:32:00.000Z',
    });
  });

  it('documented events and interactions Engage does not handle are acknowledged with 200', async () => {
    for (const name of ['app-uninstalled', 'tokens-revoked']) {
      expect((await sendJson(fixture(name))).status).toBe(200);
    }
    expect((await sendToSlackEvents(slack, interactionBody(fixture('view-closed')))).status).toBe(200);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('keeps 400 for bodies that cannot be read: not JSON, no type, an app_rate_limited without its team', async () => {
    const notJson = await sendToSlackEvents(slack, '{"type":', { contentType: 'application/json' });
    expect(notJson.status).toBe(400);
    const noType = await sendJson({ token: 'gIkuvaNzQIHg97ATvDxqgjtO', team_id: 'T0001' });
    expect(noType.status).toBe(400);
    expect(((await noType.json()) as { reason: string }).reason).toMatch(/type/);
    const { team_id: _teamId, ...withoutTeam } = fixture('app-rate-limited');
    const incomplete = await sendJson(withoutTeam);
    expect(incomplete.status).toBe(400);
    expect(((await incomplete.json()) as { reason: string }).reason).toMatch(/app_rate_limited: team_id/);
  });

  it('a users.info failure is told as "could not check who you are", not cached, and the next try works', async () => {
    const user = 'U0FLAKY001';
    const lookups = nock(SLACK_API)
      .post('/api/users.info')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .post('/api/users.info')
      .reply(500, 'upstream error');
    for (const trigger of ['trigger-flaky-1', 'trigger-flaky-2']) {
      const ack = await sendToSlackEvents(
        slack,
        formBody(
          fixture('slash-command', { text: `student ${tutee.id}`, user_id: user, trigger_id: trigger }),
        ),
      );
      const body = await ack.text();
      expect(body).toContain('could not check who you are');
      expect(body).not.toContain('Not recognised');
      expect(body).not.toContain(tutee.name);
    }
    expect(lookups.isDone()).toBe(true);
    slackUsers({ [user]: { email: tutor.email, name: tutor.name } });
    const ack = await sendToSlackEvents(
      slack,
      formBody(
        fixture('slash-command', {
          text: `student ${tutee.id}`,
          user_id: user,
          trigger_id: 'trigger-flaky-3',
        }),
      ),
    );
    expect(await ack.text()).toContain(tutee.name);
  });

  it('Slack saying the user does not exist is still a plain "not recognised"', async () => {
    slackUsers({});
    const ack = await sendToSlackEvents(
      slack,
      formBody(
        fixture('slash-command', { text: 'digest', user_id: 'U0GHOST001', trigger_id: 'trigger-ghost' }),
      ),
    );
    expect(await ack.text()).toContain('Not recognised');
  });

  it('a Web API platform error is logged with its code and Slack’s error string, never the token', async () => {
    slackUsers({ [TUTOR_USER]: { email: tutor.email, name: tutor.name } });
    nock(SLACK_API).post('/api/views.publish').reply(200, { ok: false, error: 'not_authed' });
    const opened = await sendJson(fixture('app-home-opened', { event_id: 'Ev0PLATFORM1' }));
    expect(opened.status).toBe(200);
    const entry = await logged((line) => line.msg.includes('handling failed'));
    expect(entry).toMatchObject({ error: 'slack_webapi_platform_error', slackError: 'not_authed' });
    expect(lines.join('')).not.toContain(BOT_TOKEN);
  });

  it('a Web API request error is logged as slack_webapi_request_error with its network cause', async () => {
    slackUsers({ [TUTOR_USER]: { email: tutor.email, name: tutor.name } });
    nock(SLACK_API)
      .post('/api/views.publish')
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const opened = await sendJson(fixture('app-home-opened', { event_id: 'Ev0REQUEST01' }));
    expect(opened.status).toBe(200);
    const entry = await logged((line) => line.msg.includes('handling failed'));
    expect(entry).toMatchObject({ error: 'slack_webapi_request_error', cause: 'ECONNREFUSED' });
  });

  it('a snooze confirmation shows the time in the user’s Slack time zone (users.info tz)', async () => {
    const user = 'U0PACIFIC1';
    const base = fixture<{ ok: true; user: Record<string, unknown> }>('users-info');
    nock(SLACK_API)
      .persist()
      .post('/api/users.info')
      .reply(200, {
        ok: true,
        user: { ...base.user, id: user, tz: 'America/Los_Angeles', profile: { email: tutor.email } },
      });
    const updated = interceptOnce(SLACK_API, '/api/chat.update', { ok: true, ts: '1732350000.000200' });
    const press = fixture('block-actions', {
      trigger_id: 'trigger-snooze-la',
      user: { id: user, team_id: 'T0001' },
      actions: [
        {
          ...fixture<{ actions: Record<string, unknown>[] }>('block-actions').actions[0],
          value: JSON.stringify({ op: 'snooze', studentId: tutee.id }),
        },
      ],
    });
    expect((await sendToSlackEvents(slack, interactionBody(press))).status).toBe(200);
    // 10:32 UTC on 1 December is 02:32 in Los Angeles; the snooze ends a week later, 8 December there.
    expect(JSON.stringify((await updated).body.blocks)).toContain(`until 2026-12-08 by ${tutor.name}, 02:32`);
  });
});

import { Writable } from 'node:stream';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TeamsCloudAdapter } from '../../adapters/teams/cloudAdapter.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { teamsPoster } from '../../adapters/teams/poster.ts';
import type { ChatContext } from '../../src/chat/ports.ts';
import type { Staff, Student } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openChatWorld, staffWithRole, type ChatWorld } from '../chat/support.ts';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import {
  APP_ID,
  CONNECTOR,
  OTHER_TENANT_ID,
  SERVICE_URL,
  TENANT_ID,
  TEST_CREDENTIALS,
  botFrameworkToken,
  cardIn,
  generateSigningKey,
  memberPath,
  nockMember,
  type ConnectorCall,
} from './botFramework.ts';
import { CHANNEL, TEAM, teamsFixture } from './fixtures.ts';
import { startTeamsServer, type TeamsServer } from './loopbackServer.ts';

const NOW = new Date('2026-12-01T10:32:00Z');
const signingKey = generateSigningKey('bf-key-2026');
const strangerKey = generateSigningKey('not-published');

describe('Teams at /api/messages', () => {
  allowOnlyLoopback();

  let world: ChatWorld;
  let teams: TeamsServer;
  let tutor: Staff;
  let tutee: Student;
  const logLines: string[] = [];
  let nextId = 1;

  beforeAll(async () => {
    world = await openChatWorld({ students: 120, weeks: 8 });
    tutor = staffWithRole(world, 'tutor', (staff) => world.students.some((s) => s.tutorId === staff.id));
    tutee = world.students.find((s) => s.tutorId === tutor.id && s.status === 'active')!;
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    teams = await startTeamsServer(world.app, world.seeded.repos, {
      signingKey,
      now: () => NOW,
      logger: createLogger({ level: 'debug', destination }),
    });
    // The member lookup the adapter makes to learn the sender's email.
    nockMember(TEAM, teamsFixture('team-member').id, tutor);
  }, 120_000);

  afterAll(async () => {
    await teams.close();
    await world.close();
  });

  afterEach(() => {
    logLines.length = 0;
  });

  /** A fixture with a fresh activity id, so each test's delivery is new. */
  function activity(name: Parameters<typeof teamsFixture>[0]) {
    const fixture = teamsFixture(name);
    fixture.id = `${fixture.id}-${nextId++}`;
    return fixture;
  }

  const post = (body: unknown, authorization?: string | null) => teams.post(body, authorization);

  /** From here on, the Bot Connector posts and updates (replies, card refreshes) the bot makes. */
  function connector(): ConnectorCall[] {
    teams.connector.length = 0;
    return teams.connector;
  }

  function tutorContext(): ChatContext {
    return {
      user: {
        platform: 'teams',
        id: '0b8e6c1d-3f2a-4b5c-9d7e-1a2b3c4d5e6f',
        email: tutor.email,
        displayName: 'Sam Lee',
      },
      place: { platform: 'teams', channelId: CHANNEL, kind: 'channel', workspaceId: TENANT_ID },
      now: NOW,
    };
  }

  it('answers an @mention command in a channel with the card the chat app gives that tutor, as a reply in the thread', async () => {
    const calls = connector();
    const message = activity('message-channel-mention');
    const response = await post(message);
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe(
      `/emea/v3/conversations/${CHANNEL};messageid=1764585118471/activities/${message.id}`,
    );
    const expected = renderAdaptiveCard((await world.app.command(tutorContext(), 'help')).view);
    expect(calls[0]!.body.attachments?.[0]).toEqual({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: expected,
    });
    expect(calls[0]!.body.replyToId).toBe(message.id);
  });

  it('looks a student up by id for their tutor, strips the mention, and audits the look-up in that channel', async () => {
    const calls = connector();
    const message = activity('message-channel-mention');
    message.text = `<at>Engage</at> student ${tutee.id}\n`;
    expect((await post(message)).status).toBe(200);
    const card = JSON.stringify(cardIn(calls[0]));
    expect(card).toContain(tutee.id);
    expect(card).toContain(tutee.name);
    expect(card).toContain('Log contact');
    const audit = await world.seeded.repos.audit.forStudent(tutee.id);
    expect(audit[0]).toMatchObject({ actor: tutor.id, where: `teams:${CHANNEL}`, at: NOW });
  });

  /** The channel message from another Teams user. */
  function messageFrom(userId: string, aadObjectId: string) {
    const message = activity('message-channel-mention');
    message.from = { id: userId, name: 'Another Person', aadObjectId };
    return message;
  }

  it('asks Teams for the sender’s email once, not on every message', async () => {
    const calls = connector();
    const caseworker = staffWithRole(world, 'caseworker');
    const userId = '29:1caseworkerAbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    const lookups = nock(CONNECTOR).get(memberPath(TEAM, userId)).once().reply(200, {
      id: userId,
      name: 'Another Person',
      email: caseworker.email,
      userPrincipalName: caseworker.email,
    });
    const first = messageFrom(userId, '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d');
    const second = messageFrom(userId, '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d');
    expect((await post(first)).status).toBe(200);
    expect((await post(second)).status).toBe(200);
    expect(lookups.isDone()).toBe(true);
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(cardIn(calls[1]))).toContain('Engage commands');
    expect(logLines.join('')).not.toContain('teams member lookup failed');
  });

  it('still answers when Teams will not say who the sender is: Engage could not check, try again', async () => {
    const calls = connector();
    const userId = '29:1strangerAbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    nock(CONNECTOR)
      .get(memberPath(TEAM, userId))
      .reply(403, { error: { code: 'Forbidden', message: 'The bot is not allowed to read this member.' } });
    const message = messageFrom(userId, '9f8e7d6c-5b4a-4392-8190-7f6e5d4c3b2a');
    expect((await post(message)).status).toBe(200);
    expect(calls).toHaveLength(1);
    const card = JSON.stringify(cardIn(calls[0]));
    expect(card).toContain('Could not check who you are');
    expect(card).not.toContain('Not recognised');
    expect(logLines.join('')).toContain('teams member lookup failed');
    expect(logLines.join('')).not.toContain('Another Person');
  });

  it('tells a sender whose Teams email matches no member of staff plainly that they are not recognised', async () => {
    const calls = connector();
    const userId = '29:1visitorAbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    nock(CONNECTOR)
      .get(memberPath(TEAM, userId))
      .reply(200, { id: userId, name: 'Another Person', email: 'visitor@elsewhere.example.org' });
    expect((await post(messageFrom(userId, '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9'))).status).toBe(200);
    expect(JSON.stringify(cardIn(calls[0]))).toContain('Not recognised');
  });

  it('refuses a token for another app (wrong audience) with 401 and posts nothing', async () => {
    const calls = connector();
    const response = await post(
      activity('message-channel-mention'),
      `Bearer ${botFrameworkToken(signingKey, { aud: '11111111-2222-4333-8444-555555555555' })}`,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'missing or invalid Bot Framework token' });
    expect(calls).toHaveLength(0);
  });

  it('refuses an expired token with 401', async () => {
    const calls = connector();
    const past = Math.floor(Date.now() / 1000) - 3600;
    const response = await post(
      activity('message-channel-mention'),
      `Bearer ${botFrameworkToken(signingKey, { nbf: past - 3600, exp: past })}`,
    );
    expect(response.status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('refuses a token signed with a key the Bot Framework does not publish with 401', async () => {
    const calls = connector();
    const response = await post(
      activity('message-channel-mention'),
      `Bearer ${botFrameworkToken(strangerKey)}`,
    );
    expect(response.status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('refuses a token whose serviceUrl claim is not the activity’s service URL with 401', async () => {
    const calls = connector();
    const response = await post(
      activity('message-channel-mention'),
      `Bearer ${botFrameworkToken(signingKey, { serviceurl: 'https://attacker.example/' })}`,
    );
    expect(response.status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('refuses a request without an Authorization header with 401', async () => {
    const calls = connector();
    const response = await post(activity('message-channel-mention'), null);
    expect(response.status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('refuses a body that is not an activity with 400 and a reason', async () => {
    const response = await post(['not', 'an', 'activity']);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'expected a Bot Framework activity: a JSON object with a string "type"',
    });
  });

  it('refuses an activity from a tenant not on the allow-list with 403 and logs it without personal data', async () => {
    const calls = connector();
    const message = activity('message-channel-mention');
    message.conversation.tenantId = OTHER_TENANT_ID;
    message.channelData.tenant.id = OTHER_TENANT_ID;
    const response = await post(message);
    expect(response.status).toBe(403);
    expect(calls).toHaveLength(0);
    const refusal = logLines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg.includes('tenant not allowed'));
    expect(refusal).toMatchObject({ tenant: OTHER_TENANT_ID, activityType: 'message' });
    expect(logLines.join('')).not.toMatch(/Sam Lee|@|help/);
  });

  it('answers a redelivered message once', async () => {
    const calls = connector();
    const message = activity('message-channel-mention');
    expect((await post(message)).status).toBe(200);
    expect((await post(message)).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('runs an Action.Execute invoke once: logs the contact, answers with the refreshed card, and replays that answer to a redelivery', async () => {
    const calls = connector();
    const invoke = activity('invoke-adaptive-card-action');
    invoke.value.action.data.studentId = tutee.id;
    const before = (await world.seeded.repos.contacts.contactsFor(tutee.id, 1000)).length;

    const first = await post(invoke);
    expect(first.status).toBe(200);
    const body = (await first.json()) as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).toContain('Contact logged by');
    expect(JSON.stringify(body.value)).toContain(tutee.name);

    const again = await post(invoke);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    expect((await world.seeded.repos.contacts.contactsFor(tutee.id, 1000)).length).toBe(before + 1);
    expect(calls).toHaveLength(0);
  });

  it('answers an invoke redelivered while the first delivery is still running with the same card, acting once', async () => {
    const invoke = activity('invoke-adaptive-card-action');
    invoke.value.action.data.studentId = tutee.id;
    invoke.value.action.data.note = 'Second check-in';
    const before = (await world.seeded.repos.contacts.contactsFor(tutee.id, 1000)).length;
    const [first, second] = await Promise.all([post(invoke), post(invoke)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const [firstBody, secondBody] = await Promise.all([first.json(), second.json()]);
    expect(secondBody).toEqual(firstBody);
    expect((await world.seeded.repos.contacts.contactsFor(tutee.id, 1000)).length).toBe(before + 1);
  });

  it('answers a "show student" button with the student card as a new message, keeping the card it came from', async () => {
    const calls = connector();
    const invoke = activity('invoke-adaptive-card-action');
    invoke.value.action.data = { op: 'showStudent', studentId: tutee.id };
    const response = await post(invoke);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Engage replied in the conversation.',
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(JSON.stringify(cardIn(calls[0]))).toContain(tutee.name);
  });

  it('answers a "log contact" button with the form in place of the card', async () => {
    const calls = connector();
    const invoke = activity('invoke-adaptive-card-action');
    invoke.value.action.data = { op: 'openContactForm', studentId: tutee.id };
    const response = await post(invoke);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { type: string; value: unknown };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).toContain('Input.ChoiceSet');
    expect(calls).toHaveLength(0);
  });

  it('answers an invoke with bad action data with a 400 invoke response naming the field', async () => {
    const invoke = activity('invoke-adaptive-card-action');
    invoke.value.action.data = { op: 'logContact', studentId: tutee.id, channel: 'carrier pigeon' };
    const response = await post(invoke);
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      statusCode: number;
      type: string;
      value: { code: string; message: string };
    };
    expect(body.statusCode).toBe(400);
    expect(body.type).toBe('application/vnd.microsoft.error');
    expect(body.value.code).toBe('BadRequest');
    expect(body.value.message).toMatch(/^invalid action data \(channel: /);
  });

  it('answers an invoke with another verb with a 400 invoke response', async () => {
    const invoke = activity('invoke-adaptive-card-action');
    invoke.value.action.verb = 'refresh';
    const response = await post(invoke);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { value: { message: string } }).value.message).toMatch(
      /unknown verb "refresh"/,
    );
  });

  it('takes the Action.Submit fallback (a message with a value) and refreshes the card it came from in place', async () => {
    const calls = connector();
    const submit = activity('message-submit-fallback');
    submit.value.studentId = tutee.id;
    const before = (await world.seeded.repos.contacts.contactsFor(tutee.id, 1000)).length;
    expect((await post(submit)).status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('PUT');
    expect(calls[0]!.path).toBe(
      `/emea/v3/conversations/${CHANNEL};messageid=1764585118471/activities/1764585120338`,
    );
    expect(JSON.stringify(cardIn(calls[0]))).toContain('Contact logged by');
    const contacts = await world.seeded.repos.contacts.contactsFor(tutee.id, 1000);
    expect(contacts.length).toBe(before + 1);
  });

  it('answers an Action.Submit with unusable data with a notice saying what was wrong, acting on nothing', async () => {
    const calls = connector();
    const submit = activity('message-submit-fallback');
    submit.value = { op: 'logContact', studentId: tutee.id, channel: 'telepathy' };
    const before = (await world.seeded.repos.contacts.contactsFor(tutee.id, 1000)).length;
    expect((await post(submit)).status).toBe(200);
    expect(calls).toHaveLength(1);
    const card = JSON.stringify(cardIn(calls[0]));
    expect(card).toContain('That button sent something Engage cannot use');
    expect(card).toContain('channel: ');
    expect((await world.seeded.repos.contacts.contactsFor(tutee.id, 1000)).length).toBe(before);
  });

  it('stores the conversation reference when the bot is added to a team and greets the channel with help', async () => {
    const calls = connector();
    const added = activity('conversation-update-bot-added');
    expect((await post(added)).status).toBe(200);
    const stored = await world.seeded.repos.conversations.find('teams', TEAM);
    expect(stored).toMatchObject({
      conversationId: TEAM,
      removedAt: null,
      reference: {
        serviceUrl: SERVICE_URL,
        channelId: 'msteams',
        conversation: { id: TEAM, tenantId: TENANT_ID },
        bot: { id: `28:${APP_ID}` },
      },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(cardIn(calls[0]))).toContain('Engage commands');
  });

  it('stores a personal install and marks a team uninstall as removed', async () => {
    connector();
    const personal = activity('installation-update-add-personal');
    expect((await post(personal)).status).toBe(200);
    expect(await world.seeded.repos.conversations.find('teams', personal.conversation.id)).toMatchObject({
      removedAt: null,
    });
    expect((await post(activity('conversation-update-bot-added'))).status).toBe(200);
    expect((await post(activity('installation-update-remove'))).status).toBe(200);
    expect((await world.seeded.repos.conversations.find('teams', TEAM))?.removedAt).toEqual(NOW);
  });

  describe('documented payloads: team removal, time zones, identities, conversation types', () => {
    const OTHER_CHANNEL = '19:0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b@thread.tacv2';

    /** The Monday job's poster over the same store, as the service builds it. */
    const poster = () =>
      teamsPoster({
        adapter: new TeamsCloudAdapter(TEST_CREDENTIALS),
        conversations: world.seeded.repos.conversations,
        renderCard: renderAdaptiveCard,
      });

    /** The bot installed in the team and used in a channel of it, so both are saved. */
    async function installedInTeamChannel(): Promise<void> {
      expect((await post(activity('conversation-update-bot-added'))).status).toBe(200);
      expect((await post(activity('message-channel-mention'))).status).toBe(200);
      expect(await world.seeded.repos.conversations.find('teams', CHANNEL)).toMatchObject({
        teamId: TEAM,
        removedAt: null,
      });
    }

    for (const name of [
      'conversation-update-bot-removed',
      'conversation-update-team-deleted',
      'conversation-update-team-hard-deleted',
    ] as const) {
      it(`${name}: every saved channel of the team is marked removed and the Monday job no longer posts there`, async () => {
        await installedInTeamChannel();
        const calls = connector();
        expect((await post(activity(name))).status).toBe(200);
        expect((await world.seeded.repos.conversations.find('teams', CHANNEL))?.removedAt).toEqual(NOW);
        expect((await world.seeded.repos.conversations.find('teams', TEAM))?.removedAt).toEqual(NOW);
        const outcome = await poster().post(CHANNEL, {
          kind: 'notice',
          tone: 'info',
          title: 'Monday digest',
          text: 'Four students need a look this week.',
          buttons: [],
        });
        expect(outcome.kind).toBe('gone');
        expect(calls).toHaveLength(0);
      });
    }

    it('a deleted channel (channelDeleted) is marked removed while the rest of the team stays installed', async () => {
      await installedInTeamChannel();
      expect((await post(activity('conversation-update-channel-deleted'))).status).toBe(200);
      expect((await world.seeded.repos.conversations.find('teams', CHANNEL))?.removedAt).toEqual(NOW);
      expect((await world.seeded.repos.conversations.find('teams', TEAM))?.removedAt).toBeNull();
    });

    it('an app removed from the team (installationUpdate remove) also stops posts to its channels', async () => {
      await installedInTeamChannel();
      expect((await post(activity('installation-update-remove'))).status).toBe(200);
      expect((await world.seeded.repos.conversations.find('teams', CHANNEL))?.removedAt).toEqual(NOW);
    });

    it('shows the time of a logged contact in the reader’s own time zone (localTimezone)', async () => {
      const invoke = activity('invoke-adaptive-card-action');
      invoke.value.action.data.studentId = tutee.id;
      invoke.value.action.data.note = 'From the New York office';
      invoke.localTimezone = 'America/New_York';
      invoke.entities = [{ type: 'clientInfo', locale: 'en-US', timezone: 'America/New_York' }];
      const body = (await (await post(invoke)).json()) as { value: unknown };
      // 10:32 UTC is 05:32 in New York on 1 December.
      expect(JSON.stringify(body.value)).toContain(`Contact logged by ${tutor.name}, 05:32`);
    });

    it('falls back to the service’s time zone when the activity names one Intl does not know', async () => {
      const invoke = activity('invoke-adaptive-card-action');
      invoke.value.action.data.studentId = tutee.id;
      invoke.value.action.data.note = 'Zone unknown';
      invoke.localTimezone = 'Mars/Olympus_Mons';
      const body = (await (await post(invoke)).json()) as { value: unknown };
      expect(JSON.stringify(body.value)).toContain(`Contact logged by ${tutor.name}, 10:32`);
    });

    it('answers a personal-chat message from another time zone (message-personal)', async () => {
      const calls = connector();
      const message = activity('message-personal');
      expect((await post(message)).status).toBe(200);
      expect(JSON.stringify(cardIn(calls[0]))).toContain('Engage commands');
      expect(calls[0]!.path).toContain(message.conversation.id);
    });

    it('recognises a sender known under their AAD object id when a later activity lacks it and the lookup fails', async () => {
      const calls = connector();
      const caseworker = staffWithRole(world, 'caseworker');
      const userId = '29:1aliasAbCdEfGhIjKlMnOpQrStUvWxYz0123456789AB';
      const lookup = memberPath(TEAM, userId);
      nock(CONNECTOR).get(lookup).once().reply(200, { id: userId, email: caseworker.email });
      expect((await post(messageFrom(userId, '7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a'))).status).toBe(200);

      nock(CONNECTOR)
        .get(lookup)
        .reply(503, { error: { code: 'ServiceError', message: 'Unavailable' } });
      const withoutAad = activity('message-channel-mention');
      withoutAad.from = { id: userId, name: 'Another Person' };
      expect((await post(withoutAad)).status).toBe(200);
      expect(calls).toHaveLength(2);
      expect(JSON.stringify(cardIn(calls[1]))).toContain('Engage commands');
    });

    it('takes an activity without conversationType but with a team channel in channelData as a channel', async () => {
      const calls = connector();
      const admin = staffWithRole(world, 'admin');
      const userId = '29:1adminAbCdEfGhIjKlMnOpQrStUvWxYz0123456789ABCD';
      nock(CONNECTOR).get(memberPath(TEAM, userId)).reply(200, { id: userId, email: admin.email });
      const message = messageFrom(userId, '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b');
      message.text = `<at>Engage</at> link ${tutor.email}`;
      message.conversation = {
        isGroup: true,
        tenantId: TENANT_ID,
        id: `${OTHER_CHANNEL};messageid=1764585118999`,
      };
      message.channelData.channel = { id: OTHER_CHANNEL };
      expect((await post(message)).status).toBe(200);
      expect(JSON.stringify(cardIn(calls[0]))).toContain('Channel linked');
      expect(await world.seeded.repos.channelLinks.linkFor('teams', OTHER_CHANNEL)).toMatchObject({
        group: { kind: 'tutor', staffId: tutor.id },
      });
    });
  });
});

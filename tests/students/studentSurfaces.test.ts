// A student's own view through the real HTTP endpoints: Teams personal chat at /api/messages (Bot
// Framework mocked at the network boundary), Slack direct messages and App Home at /slack/events (Slack's
// Web API mocked), and the local preview's student persona, each with a refusal.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { servePreview } from '../../adapters/preview/index.ts';
import type { Student } from '../../src/domain/model.ts';
import { openChatWorld, type ChatWorld } from '../chat/support.ts';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import {
  fixture,
  formBody,
  interactionBody,
  interceptOnce,
  pendingSlackCalls,
  sendToSlackEvents,
  SLACK_API,
  slackUsers,
  startSlackServer,
  type SlackServer,
} from '../slack/harness.ts';
import { cardIn, generateSigningKey, nockMember, type ConnectorCall } from '../teams/botFramework.ts';
import { teamsFixture } from '../teams/fixtures.ts';
import { startTeamsServer, type TeamsServer } from '../teams/loopbackServer.ts';
import { setStudentView, studentAndTutor } from './support.ts';

const NOW = new Date('2026-12-01T10:33:00Z');
const STUDENT_USER = 'U0STUDENT1';
const signingKey = generateSigningKey('bf-key-students');

describe("a student's own view through each chat surface", () => {
  allowOnlyLoopback();

  let world: ChatWorld;
  let student: Student;
  let other: Student;

  beforeAll(async () => {
    world = await openChatWorld({ students: 120, weeks: 8 });
    ({ student } = studentAndTutor(world));
    other = world.students.find((s) => s.id !== student.id && s.programmeId === student.programmeId)!;
    await setStudentView(world, { enabled: true });
  }, 120_000);
  afterAll(async () => {
    await world.close();
  });

  describe('Teams personal chat', () => {
    let teams: TeamsServer;
    let sent: ConnectorCall[];
    let nextId = 1;

    beforeAll(async () => {
      teams = await startTeamsServer(world.app, world.seeded.repos, { signingKey, now: () => NOW });
      const personal = teamsFixture('message-personal-student');
      // The member lookup that tells the adapter the sender's email, in the personal conversation.
      nockMember(personal.conversation.id, personal.from.id, student);
      sent = teams.connector;
    });
    afterAll(async () => teams.close());

    function message(text: string) {
      const activity = teamsFixture('message-personal-student');
      activity.id = `${activity.id}-${nextId++}`;
      activity.text = text;
      return activity;
    }
    const post = (body: unknown) => teams.post(body);

    it('answers "me" with the student’s own card in their personal chat, audited where it was seen', async () => {
      sent.length = 0;
      expect((await post(message('me'))).status).toBe(200);
      expect(sent).toHaveLength(1);
      const card = JSON.stringify(cardIn(sent[0]));
      expect(card).toContain('Your engagement, ');
      expect(card).toContain('never used for decisions about your academic progression');
      expect(card).toContain('Who to contact');
      expect(card).not.toContain(other.name);
      const audit = await world.seeded.repos.audit.forStudent(student.id);
      expect(audit[0]).toMatchObject({
        actor: `student:${student.id}`,
        action: 'student-view-own',
        where: `teams:${teamsFixture('message-personal-student').conversation.id}`,
      });
    });

    it('adds a note by typing and withdraws it with the card’s button (an Action.Execute invoke)', async () => {
      sent.length = 0;
      expect((await post(message('note Family bereavement this week'))).status).toBe(200);
      expect(JSON.stringify(cardIn(sent[0]))).toContain('Family bereavement this week');
      const [note] = await world.seeded.repos.contextNotes.notesOf(student.id);
      const invoke = teamsFixture('invoke-adaptive-card-action');
      const personal = teamsFixture('message-personal-student');
      Object.assign(invoke, {
        id: `f:withdraw-${nextId++}`,
        from: personal.from,
        conversation: personal.conversation,
        channelData: personal.channelData,
      });
      invoke.value.action.data = { op: 'withdrawContextNote', noteId: note!.id };
      const response = await post(invoke);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { statusCode: number; value: unknown };
      expect(body.statusCode).toBe(200);
      expect(JSON.stringify(body.value)).toContain('Note withdrawn');
      expect(await world.seeded.repos.contextNotes.notesOf(student.id)).toEqual([]);
    });

    it('refuses another student by id, without naming them', async () => {
      sent.length = 0;
      expect((await post(message(`student ${other.id}`))).status).toBe(200);
      const card = JSON.stringify(cardIn(sent[0]));
      expect(card).toContain('Not available to you');
      expect(card).not.toContain(other.name);
    });
  });

  describe('Slack direct messages and App Home', () => {
    let slack: SlackServer;

    beforeAll(async () => {
      slack = await startSlackServer(world.app);
      slackUsers({ [STUDENT_USER]: { email: student.email, name: student.name } });
    });
    afterEach(() => {
      expect(pendingSlackCalls()).toEqual([]);
    });
    afterAll(async () => slack.close());

    const inDirectMessage = (text: string, channelId = 'D0STUDENT1') =>
      formBody(
        fixture<Record<string, string>>('slash-command', {
          text,
          user_id: STUDENT_USER,
          channel_id: channelId,
          channel_name: 'directmessage',
          trigger_id: `trigger-${text.length}-${channelId}`,
        }),
      );

    it('/engage me in the direct messages with Engage answers privately with the student’s own view', async () => {
      const ack = await sendToSlackEvents(slack, inDirectMessage('me'));
      expect(ack.status).toBe(200);
      const body = (await ack.json()) as { response_type: string; text: string; blocks: unknown[] };
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toMatch(/^Your engagement, /);
      const blocks = JSON.stringify(body.blocks);
      expect(blocks).toContain('What this is worked out from');
      expect(blocks).toContain('Add a context note');
      expect(blocks).not.toContain(other.name);
    });

    it('refuses a list, and refuses to show the student’s view in a channel others can read', async () => {
      const list = (await (await sendToSlackEvents(slack, inDirectMessage('declining'))).json()) as {
        text: string;
      };
      expect(list.text).toMatch(/^Not available to you: Engage shows students their own engagement only/);
      const inChannel = (await (
        await sendToSlackEvents(slack, inDirectMessage('me', 'C0COURSE1'))
      ).json()) as {
        text: string;
        blocks: unknown[];
      };
      expect(inChannel.text).toMatch(/^Not available to you: For your privacy/);
      expect(JSON.stringify(inChannel.blocks)).not.toContain('Your engagement');
    });

    it('App Home publishes the student’s own view with views.publish', async () => {
      const viewsBefore = (await world.seeded.repos.audit.forStudent(student.id)).filter(
        (entry) => entry.action === 'student-view-own' && entry.where === 'slack:D0STUDENT1',
      ).length;
      const published = interceptOnce(SLACK_API, '/api/views.publish');
      const event = fixture('app-home-opened', { event_id: 'Ev0STUDENT1' }) as {
        event: Record<string, unknown>;
      };
      event.event = { ...event.event, user: STUDENT_USER, channel: 'D0STUDENT1' };
      const opened = await sendToSlackEvents(slack, JSON.stringify(event), {
        contentType: 'application/json',
      });
      expect(opened.status).toBe(200);
      const { body } = await published;
      expect(body.user_id).toBe(STUDENT_USER);
      const view = JSON.stringify(body.view);
      expect((body.view as { type: string }).type).toBe('home');
      expect(view).toContain('Your engagement, ');
      expect(view).toContain('Who to contact');
      expect(view).not.toContain(other.name);
      const homeViews = (await world.seeded.repos.audit.forStudent(student.id)).filter(
        (entry) => entry.action === 'student-view-own' && entry.where === 'slack:D0STUDENT1',
      );
      expect(homeViews).toHaveLength(viewsBefore + 1);
    });
  });

  describe('Slack App Home form', () => {
    let slack: SlackServer;

    beforeAll(async () => {
      slack = await startSlackServer(world.app);
      slackUsers({ [STUDENT_USER]: { email: student.email, name: student.name } });
    });
    afterAll(async () => slack.close());

    it('"Add a context note" on App Home opens a modal; a bad date is named on its input; a good note is confirmed in the direct messages', async () => {
      const base = fixture<{ actions: Record<string, unknown>[] }>('block-actions');
      const press = fixture('block-actions', {
        trigger_id: 'trigger-student-note',
        user: { id: STUDENT_USER, username: 'student', name: 'student', team_id: 'T0001' },
        container: { type: 'view', view_id: 'V0HOMESTUDENT' },
        view: { id: 'V0HOMESTUDENT', type: 'home' },
        actions: [{ ...base.actions[0], value: JSON.stringify({ op: 'openContextNoteForm' }) }],
      }) as Record<string, unknown>;
      delete press.channel;
      delete press.message;
      delete press.response_url;
      const opened = interceptOnce(SLACK_API, '/api/views.open');
      expect((await sendToSlackEvents(slack, interactionBody(press))).status).toBe(200);
      const modal = (await opened).body.view as {
        private_metadata: string;
        blocks: { type: string; block_id?: string }[];
      };
      expect(JSON.parse(modal.private_metadata)).toMatchObject({
        fromHome: true,
        submit: { op: 'addContextNote' },
      });
      expect(modal.blocks.filter((block) => block.type === 'input').map((block) => block.block_id)).toEqual([
        'text',
        'until',
      ]);

      const submit = (until: string) =>
        fixture('view-submission', {
          // Each submission is a new delivery (Slack gives each its own trigger).
          trigger_id: `trigger-note-${until}`,
          user: { id: STUDENT_USER, username: 'student', name: 'student', team_id: 'T0001' },
          view: {
            ...fixture<{ view: object }>('view-submission').view,
            private_metadata: modal.private_metadata,
            state: {
              values: {
                text: { text: { type: 'plain_text_input', value: 'Moving house this week' } },
                until: { until: { type: 'plain_text_input', value: until } },
              },
            },
          },
        });
      const bad = await sendToSlackEvents(slack, interactionBody(submit('06/12/2026')));
      expect(await bad.json()).toEqual({
        response_action: 'errors',
        errors: { until: 'Please enter a date as yyyy-mm-dd.' },
      });
      expect(await world.seeded.repos.contextNotes.notesOf(student.id)).toEqual([]);

      const posted = interceptOnce(SLACK_API, '/api/chat.postMessage', { ok: true, ts: '1732350600.000100' });
      // The Slack adapter runs on the wall clock: a last day a few days from today.
      const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      const good = await sendToSlackEvents(slack, interactionBody(submit(until)));
      expect(await good.json()).toEqual({ response_action: 'clear' });
      const { body } = await posted;
      expect(body.channel).toBe(STUDENT_USER);
      expect(body.text).toBe(`Note added: your tutor sees it until ${until}.`);
      expect(await world.seeded.repos.contextNotes.notesOf(student.id)).toEqual([
        expect.objectContaining({ text: 'Moving house this week', until }),
      ]);
    });
  });

  describe('the local preview', () => {
    let server: FastifyInstance;
    let url: string;

    beforeAll(async () => {
      server = Fastify();
      servePreview(server, { chat: world.app, repos: world.seeded.repos });
      url = await server.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => server.close());

    const command = async (as: string, text: string) =>
      (await (
        await fetch(`${url}/preview/api/command`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ as, text }),
        })
      ).json()) as { kind: string; card: unknown };

    it('offers a student persona who sees their own view and is refused the digest', async () => {
      const { personas } = (await (await fetch(`${url}/preview/api/personas`)).json()) as {
        personas: { id: string; role: string }[];
      };
      const persona = personas.find((candidate) => candidate.role === 'Student');
      expect(persona).toBeDefined();
      const own = await command(persona!.id, 'me');
      expect(own.kind).toBe('student-self');
      expect(JSON.stringify(own.card)).toContain('Your engagement, ');
      const digest = await command(persona!.id, 'digest');
      expect(digest.kind).toBe('notice');
      expect(JSON.stringify(digest.card)).toContain('Engage shows students their own engagement only');
    });
  });
});

import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatApp } from '../../src/chat/ports.ts';
import type { Staff, Student } from '../../src/domain/model.ts';
import { openChatWorld, staffWithRole, type ChatWorld } from '../chat/support.ts';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import {
  fixture,
  formBody,
  HOOKS,
  interactionBody,
  interceptOnce,
  pendingSlackCalls,
  sendToSlackEvents,
  SLACK_API,
  slackUsers,
  startSlackServer,
  BOT_TOKEN,
  type SlackServer,
} from './harness.ts';

interface ModalBlock {
  type: string;
  block_id?: string;
  element?: { type: string; action_id: string; initial_date?: string; initial_option?: { value: string } };
}

interface Modal {
  type: string;
  private_metadata: string;
  blocks: ModalBlock[];
}

describe('Slack commands, buttons, forms and App Home through /slack/events', () => {
  allowOnlyLoopback();

  let world: ChatWorld;
  let slack: SlackServer;
  let tutor: Staff;
  let tutee: Student;
  let stranger: Student;
  const TUTOR_USER = 'U2147483697';
  const OUTSIDER = 'U0OUTSIDE1';
  let asked: string[] = [];

  beforeAll(async () => {
    world = await openChatWorld();
    tutor = staffWithRole(world, 'tutor', (staff) => world.students.some((s) => s.tutorId === staff.id));
    tutee = world.students.find((student) => student.tutorId === tutor.id)!;
    stranger = world.students.find(
      (student) => student.tutorId !== tutor.id && student.programmeId !== tutee.programmeId,
    )!;
    slack = await startSlackServer(world.app);
  });
  beforeEach(() => {
    asked = slackUsers({
      [TUTOR_USER]: { email: tutor.email, name: tutor.name },
      [OUTSIDER]: { email: 'visiting.lecturer@elsewhere.example.org', name: 'Visiting Lecturer' },
    });
  });
  afterEach(() => {
    expect(pendingSlackCalls()).toEqual([]);
    nock.cleanAll();
  });
  afterAll(async () => {
    await slack.close();
    await world.close();
  });

  const slashCommand = (text: string, overrides: Record<string, string> = {}) =>
    formBody(fixture<Record<string, string>>('slash-command', { text, ...overrides }));

  it('/engage student <id> answers the tutor privately in the acknowledgement itself', async () => {
    const ack = await sendToSlackEvents(slack, slashCommand(`student ${tutee.id}`));
    expect(ack.status).toBe(200);
    const body = (await ack.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining(`${tutee.name} (${tutee.id})`),
    });
    expect(JSON.stringify(body.blocks)).toContain(tutee.id);
    const audit = await world.seeded.repos.audit.forStudent(tutee.id);
    expect(audit.some((entry) => JSON.stringify(entry).includes('slack:C2147483705'))).toBe(true);
  });

  it('an answer not ready within the budget is acknowledged empty and then posted to response_url', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const slowApp: ChatApp = {
      ...world.app,
      command: async (context, text) => {
        await released;
        return world.app.command(context, text);
      },
    };
    const slow = await startSlackServer(slowApp, { ackAnswerBudgetMs: 0 });
    try {
      const answered = interceptOnce(HOOKS, '/commands/T0001/1234567890/abcdefGHIJKLmnopQRSTuvwx', {});
      const ack = await sendToSlackEvents(
        slow,
        slashCommand(`student ${tutee.id}`, { trigger_id: 'trigger-slow' }),
      );
      expect(ack.status).toBe(200);
      expect(await ack.text()).toBe('');
      release();
      const { body } = await answered;
      expect(body).toMatchObject({
        response_type: 'ephemeral',
        replace_original: false,
        text: expect.stringContaining(`${tutee.name} (${tutee.id})`),
      });
    } finally {
      await slow.close();
    }
  });

  it('a lookup of a student the tutor is not entitled to is refused plainly', async () => {
    const ack = await sendToSlackEvents(
      slack,
      slashCommand(`student ${stranger.id}`, { trigger_id: 'trigger-stranger' }),
    );
    const body = await ack.text();
    expect(body).not.toContain(stranger.name);
    expect(body.toLowerCase()).toMatch(/not|denied|entitled/);
  });

  it('someone whose Slack email matches no member of staff is told so, and users.info is asked once for them', async () => {
    for (const trigger of ['trigger-outsider-1', 'trigger-outsider-2']) {
      const ack = await sendToSlackEvents(
        slack,
        slashCommand(`student ${tutee.id}`, { user_id: OUTSIDER, trigger_id: trigger }),
      );
      const body = await ack.text();
      expect(body).not.toContain(tutee.name);
      expect(body.toLowerCase()).toMatch(/not|unknown|recogni/);
    }
    expect(asked.filter((id) => id === OUTSIDER)).toEqual([OUTSIDER]);
  });

  it('a button opens the log-contact form in a modal, and submitting it logs the contact and refreshes the card in place', async () => {
    const opened = interceptOnce(SLACK_API, '/api/views.open');
    const press = fixture('block-actions', {
      actions: [
        {
          ...fixture<{ actions: Record<string, unknown>[] }>('block-actions').actions[0],
          value: JSON.stringify({ op: 'openContactForm', studentId: tutee.id }),
        },
      ],
    });
    expect((await sendToSlackEvents(slack, interactionBody(press))).status).toBe(200);
    const { body: open, authorization } = await opened;
    expect(authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(open.trigger_id).toBe(press.trigger_id);
    const modal = open.view as Modal;
    expect(modal.type).toBe('modal');
    expect(JSON.parse(modal.private_metadata)).toMatchObject({
      channelId: 'C2147483705',
      messageTs: '1732350000.000200',
      submit: { op: 'logContact', studentId: tutee.id },
    });

    const inputs = modal.blocks.filter((block) => block.type === 'input');
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of inputs) {
      const element = block.element!;
      const state =
        element.type === 'datepicker'
          ? { type: 'datepicker', selected_date: element.initial_date }
          : element.type === 'static_select'
            ? { type: 'static_select', selected_option: { value: 'call' } }
            : { type: 'plain_text_input', value: 'Talked about the missed lab' };
      values[block.block_id!] = { [element.action_id]: state };
    }
    const submission = fixture('view-submission', {
      view: {
        ...fixture<{ view: object }>('view-submission').view,
        private_metadata: modal.private_metadata,
        state: { values },
      },
    });
    const updated = interceptOnce(SLACK_API, '/api/chat.update', { ok: true, ts: '1732350000.000200' });
    const ack = await sendToSlackEvents(slack, interactionBody(submission));
    expect(ack.status).toBe(200);
    expect(await ack.json()).toEqual({ response_action: 'clear' });

    const { body: update } = await updated;
    expect(update).toMatchObject({ channel: 'C2147483705', ts: '1732350000.000200' });
    expect(JSON.stringify(update.blocks)).toMatch(/Contact logged by/);
    const contacts = await world.seeded.repos.contacts.contactsFor(tutee.id);
    expect(
      contacts.some(
        (contact) => contact.channel === 'call' && contact.note === 'Talked about the missed lab',
      ),
    ).toBe(true);
  });

  it('a paging button replaces the card it is on: chat.update for a posted message, response_url for an ephemeral one', async () => {
    const base = fixture<{ actions: Record<string, unknown>[]; container: Record<string, unknown> }>(
      'block-actions',
    );
    const nextPage = {
      ...base.actions[0],
      value: JSON.stringify({ op: 'showList', list: 'declining', page: 2 }),
    };

    const updated = interceptOnce(SLACK_API, '/api/chat.update', { ok: true });
    const posted = fixture('block-actions', { trigger_id: 'trigger-page-posted', actions: [nextPage] });
    expect((await sendToSlackEvents(slack, interactionBody(posted))).status).toBe(200);
    const { body: update } = await updated;
    expect(update).toMatchObject({ channel: 'C2147483705', ts: '1732350000.000200' });
    expect(typeof update.text).toBe('string');
    expect(Array.isArray(update.blocks)).toBe(true);

    const replaced = interceptOnce(HOOKS, '/actions/T0001/1395872398/6f0c4c1b3e2f5b8a9d7e6c5b', {});
    const ephemeral = fixture('block-actions', {
      trigger_id: 'trigger-page-ephemeral',
      container: { ...base.container, is_ephemeral: true },
      actions: [nextPage],
    });
    expect((await sendToSlackEvents(slack, interactionBody(ephemeral))).status).toBe(200);
    const { body: replacement } = await replaced;
    expect(replacement).toMatchObject({ replace_original: true });
    expect(replacement.text).toBe(update.text);
  });

  it("a button on the App Home tab answers in the app's direct messages with the tutor", async () => {
    const base = fixture<{ actions: Record<string, unknown>[] }>('block-actions');
    const fromHome = fixture('block-actions', {
      trigger_id: 'trigger-home-button',
      container: { type: 'view', view_id: 'V0HOME0001' },
      view: { id: 'V0HOME0001', type: 'home' },
      actions: [{ ...base.actions[0], value: JSON.stringify({ op: 'showStudent', studentId: tutee.id }) }],
    }) as Record<string, unknown>;
    delete fromHome.channel;
    delete fromHome.message;
    delete fromHome.response_url;
    const posted = interceptOnce(SLACK_API, '/api/chat.postMessage', { ok: true, ts: '1732350500.000100' });
    expect((await sendToSlackEvents(slack, interactionBody(fromHome))).status).toBe(200);
    const { body } = await posted;
    expect(body.channel).toBe(TUTOR_USER);
    expect(String(body.text)).toContain(`${tutee.name} (${tutee.id})`);
  });

  it('a form submitted with a required input left empty is answered with the error on that input', async () => {
    const metadata = JSON.stringify({
      channelId: 'C2147483705',
      kind: 'channel',
      messageTs: '1732350000.000200',
      submit: { op: 'openCase', studentId: tutee.id, reason: '' },
    });
    const submission = fixture('view-submission', {
      trigger_id: 'trigger-empty-reason',
      view: {
        ...fixture<{ view: object }>('view-submission').view,
        private_metadata: metadata,
        state: { values: { 'reason-block': { reason: { type: 'plain_text_input', value: null } } } },
      },
    });
    const ack = await sendToSlackEvents(slack, interactionBody(submission));
    expect(ack.status).toBe(200);
    expect(await ack.json()).toEqual({
      response_action: 'errors',
      errors: { 'reason-block': 'Please fill this in.' },
    });
  });

  it('App Home shows the tutor their priority list with views.publish', async () => {
    const published = interceptOnce(SLACK_API, '/api/views.publish');
    const opened = await sendToSlackEvents(slack, JSON.stringify(fixture('app-home-opened')), {
      contentType: 'application/json',
    });
    expect(opened.status).toBe(200);
    const { body } = await published;
    expect(body.user_id).toBe(TUTOR_USER);
    expect((body.view as { type: string }).type).toBe('home');
  });

  it("Slack's retry of an event and a repeated interaction are acknowledged but handled once", async () => {
    const event = fixture('app-home-opened', { event_id: 'Ev0RETRIED1' });
    const first = interceptOnce(SLACK_API, '/api/views.publish');
    await sendToSlackEvents(slack, JSON.stringify(event), { contentType: 'application/json' });
    await first;
    const retry = await sendToSlackEvents(slack, JSON.stringify(event), {
      contentType: 'application/json',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    const command = slashCommand(`student ${tutee.id}`, { trigger_id: 'trigger-repeated' });
    expect(await (await sendToSlackEvents(slack, command)).text()).toContain(tutee.id);
    const repeat = await sendToSlackEvents(slack, command);
    expect(repeat.status).toBe(200);
    expect(await repeat.text()).toBe('');

    // A fresh event after the repeats: it is handled, and it is the only other thing handled.
    const later = interceptOnce(SLACK_API, '/api/views.publish');
    await sendToSlackEvents(slack, JSON.stringify(fixture('app-home-opened', { event_id: 'Ev0FRESH01' })), {
      contentType: 'application/json',
    });
    await later;
    expect(pendingSlackCalls()).toEqual([]);
  });

  it('a request Slack replays after a restart is acknowledged but not acted on again', async () => {
    const command = slashCommand(`student ${tutee.id}`, { trigger_id: 'trigger-before-restart' });
    const before = await startSlackServer(world.app, { deliveries: world.seeded.repos.inboundDedupe });
    const answered = await sendToSlackEvents(before, command);
    expect(await answered.text()).toContain(tutee.id);
    await before.close();
    const audited = (await world.seeded.repos.audit.forStudent(tutee.id)).length;

    const after = await startSlackServer(world.app, { deliveries: world.seeded.repos.inboundDedupe });
    try {
      const replay = await sendToSlackEvents(after, command);
      expect(replay.status).toBe(200);
      expect(await replay.text()).toBe('');
      expect(await world.seeded.repos.audit.forStudent(tutee.id)).toHaveLength(audited);
    } finally {
      await after.close();
    }
  });

  it('malformed requests are refused with 400 and a reason, and nothing is handled', async () => {
    const notJson = await sendToSlackEvents(slack, formBody({ payload: '{"type":"block_actions",' }));
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { reason: string }).reason).toMatch(/payload is not JSON/);

    const noResponseUrl = fixture<Record<string, string>>('slash-command');
    delete noResponseUrl.response_url;
    const missing = await sendToSlackEvents(slack, formBody(noResponseUrl));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { reason: string }).reason).toMatch(/response_url/);

    const submission = fixture<{ view: Record<string, unknown> }>('view-submission');
    const { callback_id: _callbackId, ...viewWithoutCallback } = submission.view;
    const noCallback = await sendToSlackEvents(
      slack,
      interactionBody({ ...submission, view: viewWithoutCallback }),
    );
    expect(noCallback.status).toBe(400);
    expect(((await noCallback.json()) as { reason: string }).reason).toMatch(/callback_id/);

    const badValue = fixture('block-actions', {
      trigger_id: 'trigger-bad-value',
      actions: [
        { action_id: 'engage:x:1', type: 'button', value: '{"op":"deleteEverything"}', action_ts: '1' },
      ],
    });
    const refused = await sendToSlackEvents(slack, interactionBody(badValue));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { reason: string }).reason).toMatch(/action value/);
  });
});

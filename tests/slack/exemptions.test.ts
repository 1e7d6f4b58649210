/**
 * "Known reason" on Slack, through /slack/events with signed requests to the real Fastify on loopback and
 * nock at the Web API: a digest row's overflow menu opens the form in a modal, submitting it refreshes the
 * card with "Exempt until …", the next digest leaves the student out (and counts them), the first digest
 * after the last day marks them returning, and an administrator ends an exemption early from the card.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Staff } from '../../src/domain/model.ts';
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
  type SlackServer,
} from './harness.ts';

interface Element {
  type: string;
  action_id: string;
  initial_date?: string;
  options?: { text: { text: string }; value: string }[];
}
interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: Element;
  element?: Element;
}

const RESPONSE_PATH = '/actions/T0001/1395872398/6f0c4c1b3e2f5b8a9d7e6c5b';

describe('known reason on Slack', () => {
  allowOnlyLoopback();

  let world: ChatWorld;
  let slack: SlackServer;
  let tutor: Staff;
  let admin: Staff;
  let clock = new Date('2026-12-01T10:32:00Z');
  const TUTOR_USER = 'U2147483697';
  const ADMIN_USER = 'U0ADMIN001';
  let presses = 0;

  beforeAll(async () => {
    world = await openChatWorld();
    tutor = staffWithRole(world, 'tutor', (staff) => world.students.some((s) => s.tutorId === staff.id));
    admin = { ...tutor, id: 'STF-SLACK-ADMIN', name: 'Ada Admin', email: 'ada.admin@example.ac.uk' };
    admin.roles = ['tutor', 'admin'];
    await world.seeded.repos.institution.saveStaff([admin]);
    slack = await startSlackServer(world.app, { now: () => clock, ackAnswerBudgetMs: 20_000 });
  }, 60_000);
  beforeEach(() => {
    slackUsers({
      [TUTOR_USER]: { email: tutor.email, name: tutor.name },
      [ADMIN_USER]: { email: admin.email, name: admin.name },
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

  /** A signed request, stamped by the service's clock (Slack's timestamps are checked against it). */
  const send = (body: string) =>
    sendToSlackEvents(slack, body, { timestamp: Math.floor(clock.getTime() / 1000) });

  /** The digest as the tutor's /engage digest answers it in the acknowledgement. */
  async function digestBlocks(): Promise<Block[]> {
    presses += 1;
    const body = formBody(
      fixture<Record<string, string>>('slash-command', {
        text: 'digest',
        trigger_id: `slash-digest-${presses}`,
      }),
    );
    const ack = await send(body);
    expect(ack.status).toBe(200);
    return ((await ack.json()) as { blocks: Block[] }).blocks;
  }
  const rowText = (blocks: Block[], studentId: string) =>
    blocks.find((block) => block.type === 'section' && block.text?.text.includes(`\`${studentId}\``))?.text
      ?.text;

  /** A press of a button or an overflow option, by the given user. */
  function press(user: string, value: string, overflow = false) {
    presses += 1;
    const base = fixture<{ actions: Record<string, unknown>[]; user: Record<string, unknown> }>(
      'block-actions',
    );
    return interactionBody({
      ...base,
      trigger_id: `trigger-known-reason-${presses}`,
      user: { ...base.user, id: user },
      actions: [
        overflow
          ? {
              action_id: 'engage:row:1',
              type: 'overflow',
              selected_option: { value },
              action_ts: `${presses}.1`,
            }
          : { ...base.actions[0], value, action_ts: `${presses}.1` },
      ],
    });
  }

  it('sets a known reason from a digest row, hides the student until the last day, then marks them returning', async () => {
    const blocks = await digestBlocks();
    const row = blocks.find((block) => block.accessory?.type === 'overflow')!;
    const option = row.accessory!.options!.find((o) => o.text.text === 'Known reason')!;
    const { studentId } = JSON.parse(option.value) as { studentId: string };
    expect(row.accessory!.options!.map((o) => o.text.text)).toEqual(['Open', "I'll contact", 'Known reason']);

    const opened = interceptOnce(SLACK_API, '/api/views.open');
    expect((await send(press(TUTOR_USER, option.value, true))).status).toBe(200);
    const modal = (await opened).body.view as {
      callback_id: string;
      private_metadata: string;
      blocks: Block[];
    };
    expect(modal.callback_id).toBe('engage:known-reason');
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of modal.blocks.filter((b) => b.type === 'input')) {
      const element = block.element!;
      values[block.block_id!] = {
        [element.action_id]:
          element.type === 'datepicker'
            ? { type: 'datepicker', selected_date: '2026-12-10' }
            : element.type === 'static_select'
              ? { type: 'static_select', selected_option: { value: 'caring-responsibility' } }
              : { type: 'plain_text_input', value: 'Caring for a parent after an operation' },
      };
    }
    const submission = fixture('view-submission', {
      view: {
        ...fixture<{ view: object }>('view-submission').view,
        private_metadata: modal.private_metadata,
        state: { values },
      },
    });
    const updated = interceptOnce(SLACK_API, '/api/chat.update', { ok: true, ts: '1732350000.000200' });
    const ack = await send(interactionBody(submission));
    expect(await ack.json()).toEqual({ response_action: 'clear' });
    const card = JSON.stringify((await updated).body.blocks);
    expect(card).toContain(`Known reason set by ${tutor.name}`);
    expect(card).toContain(
      'Exempt until 2026-12-10 (caring responsibility): Caring for a parent after an operation',
    );

    const next = await digestBlocks();
    expect(rowText(next, studentId)).toBeUndefined();
    expect(JSON.stringify(next)).toContain('1 with a known reason');

    clock = new Date('2026-12-11T08:00:00Z');
    expect(rowText(await digestBlocks(), studentId)).toContain('returning from exemption');
  });

  it('an administrator ends an exemption early from the card; a tutor cannot', async () => {
    clock = new Date('2026-12-14T09:00:00Z');
    const row = (await digestBlocks()).find((block) => block.accessory?.type === 'overflow')!;
    const { studentId } = JSON.parse(row.accessory!.options![1]!.value) as { studentId: string };
    const exemption = await world.seeded.repos.exemptions.add({
      studentId,
      category: 'illness',
      note: '',
      from: '2026-12-14',
      until: '2026-12-31',
      setBy: tutor.id,
      setAt: clock,
    });
    const end = JSON.stringify({ op: 'endExemption', exemptionId: exemption.id });

    // Replies go privately to the response_url; a refreshed card replaces the message with chat.update.
    const refused = interceptOnce(HOOKS, RESPONSE_PATH, {});
    await send(press(TUTOR_USER, end));
    expect(JSON.stringify((await refused).body.blocks)).toContain(
      'Only an administrator can end an exemption early.',
    );
    expect((await world.seeded.repos.exemptions.byId(exemption.id))!.endedEarly).toBeNull();

    const showCard = interceptOnce(HOOKS, RESPONSE_PATH, {});
    await send(press(ADMIN_USER, JSON.stringify({ op: 'showStudent', studentId })));
    expect(JSON.stringify((await showCard).body.blocks)).toContain(end.replace(/"/g, '\\"'));

    const ended = interceptOnce(SLACK_API, '/api/chat.update', { ok: true });
    await send(press(ADMIN_USER, end));
    expect(JSON.stringify((await ended).body.blocks)).toContain('Exemption ended early by Ada Admin');
    expect(await world.seeded.repos.exemptions.byId(exemption.id)).toMatchObject({
      lastDay: '2026-12-13',
      endedEarly: { by: admin.id },
    });
    expect(rowText(await digestBlocks(), studentId)).toContain('returning from exemption');
  });
});

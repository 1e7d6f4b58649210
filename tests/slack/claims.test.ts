// "I'll contact" on Slack, through signed requests to /slack/events on a real Fastify on loopback, with
// the Web API and response_url mocked by nock: two members of staff in one channel linked to a tutor's
// tutees. A claim from the posted digest's row menu replaces the message in the channel (chat.update) for
// everyone; the second claim is answered privately with who holds it; only the claimant can release it; a
// contact logged through the form closes it; and seven days without one lapse it, which the next digest says.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatAction } from '../../src/chat/actions.ts';
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
  type SlackServer,
} from './harness.ts';

const CHANNEL = 'C2147483705';
const DIGEST_TS = '1732350000.000200';
const SAM_USER = 'U2147483697';
const ALEX_USER = 'U0ALEX0001';
const RESPONSE_PATH = '/actions/T0001/1395872398/6f0c4c1b3e2f5b8a9d7e6c5b';
const MONDAY = new Date('2026-12-01T09:12:00Z');

describe('claiming a student in a Slack channel', () => {
  allowOnlyLoopback();

  let world: ChatWorld;
  let slack: SlackServer;
  let sam: Staff;
  let alex: Staff;
  let student: Student;
  let now = MONDAY;
  let trigger = 0;

  beforeAll(async () => {
    world = await openChatWorld();
    sam = staffWithRole(world, 'tutor', (staff) =>
      world.students.some((s) => s.tutorId === staff.id && s.status === 'active'),
    );
    alex = staffWithRole(world, 'tutor', (staff) => staff.id !== sam.id);
    await world.seeded.repos.channelLinks.link({
      platform: 'slack',
      channelId: CHANNEL,
      channelName: 'cs-year-2-tutors',
      workspaceId: 'T0001',
      group: { kind: 'tutor', staffId: sam.id },
      linkedBy: 'admin',
      linkedAt: MONDAY,
    });
    const digest = await world.app.command(
      { user: { platform: 'slack', id: SAM_USER, email: sam.email }, place: place(), now: MONDAY },
      'digest',
    );
    if (digest.view.kind !== 'digest') throw new Error('expected the digest');
    const studentId = digest.view.sections.flatMap((section) => section.rows)[0]?.studentId;
    student = world.students.find((s) => s.id === studentId)!;
    if (!student) throw new Error('the linked tutor’s digest lists nobody');
    slack = await startSlackServer(world.app, { now: () => now });
    slackUsers({
      [SAM_USER]: { email: sam.email, name: sam.name },
      [ALEX_USER]: { email: alex.email, name: alex.name },
    });
  }, 60_000);
  afterEach(() => {
    expect(pendingSlackCalls()).toEqual([]);
  });
  afterAll(async () => {
    await slack.close();
    await world.close();
  });

  function place() {
    return { platform: 'slack' as const, channelId: CHANNEL, kind: 'channel' as const };
  }

  /** A choice from a row's menu (or a button) on the posted digest message, by a Slack user. */
  function press(userId: string, action: ChatAction, label: string) {
    const base = fixture<{ user: Record<string, unknown> }>('block-actions');
    trigger += 1;
    return sendToSlackEvents(
      slack,
      interactionBody(
        fixture('block-actions', {
          trigger_id: `trigger-claim-${trigger}`,
          user: { ...base.user, id: userId },
          actions: [
            {
              type: 'overflow',
              action_id: 'engage:menu:1',
              block_id: 'row',
              selected_option: { text: { type: 'plain_text', text: label }, value: JSON.stringify(action) },
              action_ts: `1732350123.${trigger}`,
            },
          ],
        }),
      ),
      { timestamp: signedAt() },
    );
  }

  /** Requests are signed at the service's own (injected) time, as Slack's clock and ours would agree. */
  const signedAt = () => Math.floor(now.getTime() / 1000);

  const claimRow = { op: 'claim', studentId: '', from: 'digest', page: 1 } as const;
  const text = (body: Record<string, unknown>) => JSON.stringify(body.blocks);
  /** The labels in the menu of the student's first row in a posted message's blocks. */
  function rowMenu(body: Record<string, unknown>, studentId: string): string[] {
    type Row = { text?: { text: string }; accessory?: { options?: { text: { text: string } }[] } };
    const row = (body.blocks as Row[]).find((block) => block.text?.text.includes(studentId));
    return (row?.accessory?.options ?? []).map((option) => option.text.text);
  }

  it('claims from the digest row menu: the channel message is replaced for everyone with who is contacting', async () => {
    const updated = interceptOnce(SLACK_API, '/api/chat.update', { ok: true, ts: DIGEST_TS });
    const ack = await press(ALEX_USER, { ...claimRow, studentId: student.id }, "I'll contact");
    expect(ack.status).toBe(200);
    const { body } = await updated;
    expect(body).toMatchObject({ channel: CHANNEL, ts: DIGEST_TS });
    expect(text(body)).toContain(`${alex.name} is contacting · 09:12`);
    expect(rowMenu(body, student.id)).toEqual(['Open', 'Release', 'Known reason']);
    expect((await world.seeded.repos.claims.activeFor(student.id, now))?.claimantId).toBe(alex.id);
  });

  it('answers a second claim privately with who has the student and since when, and changes nothing', async () => {
    now = new Date(MONDAY.getTime() + 5 * 60_000);
    const answered = interceptOnce(HOOKS, RESPONSE_PATH, {});
    expect((await press(SAM_USER, { ...claimRow, studentId: student.id }, "I'll contact")).status).toBe(200);
    const { body } = await answered;
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(text(body)).toContain(`${alex.name} is already contacting ${student.name} (since 09:12)`);

    const refused = interceptOnce(HOOKS, RESPONSE_PATH, {});
    const release = { op: 'releaseClaim', studentId: student.id, from: 'digest', page: 1 } as const;
    expect((await press(SAM_USER, release, 'Release')).status).toBe(200);
    expect(text((await refused).body)).toContain('Only they can release it');
    expect((await world.seeded.repos.claims.activeFor(student.id, now))?.claimantId).toBe(alex.id);
  });

  it('lets the claimant release it: the message is replaced again and offers "I\'ll contact"', async () => {
    const updated = interceptOnce(SLACK_API, '/api/chat.update', { ok: true, ts: DIGEST_TS });
    const release = { op: 'releaseClaim', studentId: student.id, from: 'digest', page: 1 } as const;
    expect((await press(ALEX_USER, release, 'Release')).status).toBe(200);
    const { body } = await updated;
    expect(text(body)).not.toContain('is contacting');
    expect(rowMenu(body, student.id)).toEqual(['Open', "I'll contact", 'Known reason']);
    expect(await world.seeded.repos.claims.activeFor(student.id, now)).toBeNull();
  });

  it('closes the claim when the claimant logs a contact through the form: the card says they contacted the student', async () => {
    const claimed = interceptOnce(SLACK_API, '/api/chat.update', { ok: true, ts: DIGEST_TS });
    await press(SAM_USER, { op: 'claim', studentId: student.id, from: 'card', page: 1 }, "I'll contact");
    expect(text((await claimed).body)).toContain(`${sam.name} is contacting · 09:17`);

    now = new Date(MONDAY.getTime() + 60 * 60_000);
    const submission = fixture('view-submission', {
      trigger_id: 'trigger-claim-contact',
      view: {
        ...fixture<{ view: object }>('view-submission').view,
        private_metadata: JSON.stringify({
          channelId: CHANNEL,
          kind: 'channel',
          messageTs: DIGEST_TS,
          submit: { op: 'logContact', studentId: student.id },
        }),
        state: {
          values: {
            'channel-block': { channel: { type: 'static_select', selected_option: { value: 'call' } } },
          },
        },
      },
    });
    const updated = interceptOnce(SLACK_API, '/api/chat.update', { ok: true, ts: DIGEST_TS });
    const ack = await sendToSlackEvents(slack, interactionBody(submission), { timestamp: signedAt() });
    expect(await ack.json()).toEqual({ response_action: 'clear' });
    expect(text((await updated).body)).toContain(`${sam.name} contacted them · 10:12`);
    expect(await world.seeded.repos.claims.activeFor(student.id, now)).toBeNull();
  });

  it('lapses a claim after seven days without a contact, and the next digest says so on the row', async () => {
    const claimed = interceptOnce(SLACK_API, '/api/chat.update', { ok: true, ts: DIGEST_TS });
    await press(ALEX_USER, { ...claimRow, studentId: student.id }, "I'll contact");
    await claimed;
    now = new Date(now.getTime() + 7 * 86_400_000 + 60_000);
    const ack = await sendToSlackEvents(
      slack,
      formBody(
        fixture<Record<string, string>>('slash-command', {
          text: 'digest',
          user_id: SAM_USER,
          trigger_id: 'trigger-claim-digest',
        }),
      ),
      { timestamp: signedAt() },
    );
    const body = (await ack.json()) as Record<string, unknown>;
    expect(text(body)).toContain(`Claim by ${alex.name} lapsed without a contact`);
    expect(await world.seeded.repos.claims.activeFor(student.id, now)).toBeNull();
  });
});

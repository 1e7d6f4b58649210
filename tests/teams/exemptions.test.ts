/**
 * "Known reason" on Teams, through /api/messages with Bot Framework tokens and nock at the Bot Connector:
 * the digest card's "Known reason" under a row opens the form in place, submitting it answers with the
 * card marked "Exempt until …", the next digest leaves the student out, the first digest after the last
 * day marks them returning, and an administrator's "End exemption" on the card brings them back that day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Staff } from '../../src/domain/model.ts';
import { openChatWorld, staffWithRole, type ChatWorld } from '../chat/support.ts';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import { generateSigningKey, nockMember, postedCards, type ConnectorCall } from './botFramework.ts';
import { TEAM, teamsFixture } from './fixtures.ts';
import { cardNodes } from './cardNodes.ts';
import { startTeamsServer, type TeamsServer } from './loopbackServer.ts';

const signingKey = generateSigningKey('bf-key-2026');

describe('known reason on Teams', () => {
  allowOnlyLoopback();

  let world: ChatWorld;
  let teams: TeamsServer;
  /** A personal tutor who is also an administrator. */
  let tutor: Staff;
  let clock = new Date('2026-12-01T10:32:00Z');
  let nextId = 1;
  let calls: ConnectorCall[];
  /** The cards the bot posted, in order. */
  const posted = () => postedCards(calls);

  beforeAll(async () => {
    world = await openChatWorld({ students: 300, weeks: 8 });
    const someTutor = staffWithRole(world, 'tutor', (staff) =>
      world.students.some((s) => s.tutorId === staff.id),
    );
    tutor = { ...someTutor, roles: ['tutor', 'admin'] };
    await world.seeded.repos.institution.saveStaff([tutor]);
    teams = await startTeamsServer(world.app, world.seeded.repos, { signingKey, now: () => clock });
    nockMember(TEAM, teamsFixture('team-member').id, tutor);
    calls = teams.connector;
  }, 120_000);

  afterAll(async () => {
    await teams.close();
    await world.close();
  });

  /** The digest card posted in answer to "@Engage digest". */
  async function digest(): Promise<unknown> {
    const message = teamsFixture('message-channel-mention');
    message.id = `${message.id}-exempt-${nextId++}`;
    message.text = '<at>Engage</at> digest\n';
    const before = posted().length;
    expect((await teams.post(message)).status).toBe(200);
    expect(posted().length).toBe(before + 1);
    return posted().at(-1);
  }

  /** The card an Action.Execute with `data` answers with (in place of the card it was on). */
  async function invoke(data: object): Promise<unknown> {
    const activity = teamsFixture('invoke-adaptive-card-action');
    activity.id = `${activity.id}-exempt-${nextId++}`;
    activity.value.action.data = data;
    const response = await teams.post(activity);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { type: string; value: unknown };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    return body.value;
  }

  it('sets a known reason from the digest, hides the student, marks them returning, and an administrator ends one early', async () => {
    const knownReason = [...cardNodes(await digest())].find(
      (node) => node.type === 'Action.Execute' && node.data?.op === 'openExemptionForm',
    );
    const studentId = knownReason!.data!.studentId!;
    expect(knownReason!.title).toBe('Known reason');

    const form = await invoke(knownReason!.data!);
    const inputs = [...cardNodes(form)].filter((node) => String(node.type).startsWith('Input.'));
    expect(inputs.map((node) => [node.type, node.id])).toEqual([
      ['Input.ChoiceSet', 'category'],
      ['Input.Text', 'note'],
      ['Input.Date', 'until'],
    ]);
    const submit = [...cardNodes(form)].find((node) => node.type === 'Action.Execute')!;
    // Teams merges the inputs into the submit action's data.
    const card = JSON.stringify(
      await invoke({
        ...submit.data,
        category: 'placement',
        note: 'Hospital placement, no VLE access',
        until: '2026-12-10',
      }),
    );
    expect(card).toContain('Exempt until 2026-12-10 (placement): Hospital placement, no VLE access');
    expect(card).toContain('End exemption');

    const hidden = JSON.stringify(await digest());
    expect(hidden).not.toContain(studentId);
    expect(hidden).toContain('1 with a known reason');

    clock = new Date('2026-12-11T08:00:00Z');
    const name = world.students.find((student) => student.id === studentId)!.name;
    expect(JSON.stringify(await digest())).toContain(`${name} · returning from exemption`);

    // A second exemption, ended early the day it was set by the administrator from the card.
    clock = new Date('2026-12-14T09:00:00Z');
    await invoke({ op: 'setExemption', studentId, category: 'illness', until: '2026-12-24' });
    expect(JSON.stringify(await digest())).not.toContain(studentId);
    const exemption = (await world.seeded.repos.exemptions.currentFor(studentId, '2026-12-14'))!;
    const ended = JSON.stringify(await invoke({ op: 'endExemption', exemptionId: exemption.id }));
    expect(ended).toContain(`Exemption ended early by ${tutor.name}`);
    expect(ended).not.toContain('Exempt until');
    expect(JSON.stringify(await digest())).toContain(studentId);
  });
});

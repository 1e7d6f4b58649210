// "I'll contact" on Teams, through /api/messages on a real Fastify on loopback with Bot Framework JWTs and
// the Bot Connector mocked at the network: two members of staff in one channel linked to a tutor's tutees.
// A claim's Action.Execute both answers the invoke and updates the channel message itself for everyone
// (PUT to the connector); a second claim is answered in the conversation with who holds the student;
// only the claimant can release; a contact by the claimant closes it; seven days without one lapse it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatAction } from '../../src/chat/actions.ts';
import type { Staff, Student } from '../../src/domain/model.ts';
import { openChatWorld, staffWithRole, type ChatWorld } from '../chat/support.ts';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import { cardIn, generateSigningKey, nockMember, type ConnectorCall } from './botFramework.ts';
import { CHANNEL, TEAM, teamsFixture } from './fixtures.ts';
import { startTeamsServer, type TeamsServer } from './loopbackServer.ts';

const MONDAY = new Date('2026-12-01T09:12:00Z');
const CARD_MESSAGE = '1764585120338';
const signingKey = generateSigningKey('bf-key-claims');
const SAM = {
  id: '29:1samSamSamSamSamSamSamSamSamSamSamSamSam0001',
  aad: '0b8e6c1d-3f2a-4b5c-9d7e-1a2b3c4d5e6f',
};
const ALEX = {
  id: '29:1alexAlexAlexAlexAlexAlexAlexAlexAlex00002',
  aad: '7c6d5e4f-3a2b-4c1d-8e9f-0a1b2c3d4e5f',
};

describe('claiming a student in a Teams channel', () => {
  allowOnlyLoopback();

  let world: ChatWorld;
  let teams: TeamsServer;
  let sam: Staff;
  let alex: Staff;
  let student: Student;
  let now = MONDAY;
  let calls: ConnectorCall[];
  let nextId = 1;

  beforeAll(async () => {
    world = await openChatWorld({ students: 120, weeks: 8 });
    sam = staffWithRole(world, 'tutor', (staff) =>
      world.students.some((s) => s.tutorId === staff.id && s.status === 'active'),
    );
    alex = staffWithRole(world, 'tutor', (staff) => staff.id !== sam.id);
    student = world.students.find((s) => s.tutorId === sam.id && s.status === 'active')!;
    await world.seeded.repos.channelLinks.link({
      platform: 'teams',
      channelId: CHANNEL,
      channelName: 'Tutors',
      workspaceId: null,
      group: { kind: 'tutor', staffId: sam.id },
      linkedBy: 'admin',
      linkedAt: MONDAY,
    });
    teams = await startTeamsServer(world.app, world.seeded.repos, { signingKey, now: () => now });
    nockMember(TEAM, SAM.id, sam);
    nockMember(TEAM, ALEX.id, alex);
    calls = teams.connector;
  }, 120_000);

  afterAll(async () => {
    await teams.close();
    await world.close();
  });

  /** An Action.Execute from the card message CARD_MESSAGE in the channel, by one of the two. */
  async function invoke(member: typeof SAM, data: ChatAction) {
    calls.length = 0;
    const activity = teamsFixture('invoke-adaptive-card-action');
    activity.id = `f:claims-${nextId++}`;
    activity.from = { id: member.id, name: 'Staff', aadObjectId: member.aad };
    activity.value.action.data = data as never;
    const response = await teams.post(activity);
    expect(response.status).toBe(200);
    return (await response.json()) as { statusCode: number; type: string; value: unknown };
  }

  const claim = { op: 'claim', studentId: '', from: 'card' } as const;
  const contentOf = (call: ConnectorCall | undefined) => JSON.stringify(cardIn(call));

  it('claims from the card: the invoke answers with the card and the channel message is updated for everyone', async () => {
    const answer = await invoke(ALEX, { ...claim, studentId: student.id });
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(answer.value)).toContain(`${alex.name} is contacting · 09:12`);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'PUT' });
    expect(calls[0]!.path).toBe(
      `/emea/v3/conversations/${CHANNEL};messageid=1764585118471/activities/${CARD_MESSAGE}`,
    );
    expect(contentOf(calls[0])).toContain(`${alex.name} is contacting · 09:12`);
    expect(contentOf(calls[0])).toContain('"title":"Release"');
  });

  it('answers a second claim in the conversation with who has the student, updating nothing', async () => {
    now = new Date(MONDAY.getTime() + 3 * 60_000);
    const answer = await invoke(SAM, { ...claim, studentId: student.id });
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(calls.map((call) => call.method)).toEqual(['POST']);
    expect(contentOf(calls[0])).toContain(
      `${alex.name} is already contacting ${student.name} (since 09:12).`,
    );

    await invoke(SAM, { op: 'releaseClaim', studentId: student.id });
    expect(calls.map((call) => call.method)).toEqual(['POST']);
    expect(contentOf(calls[0])).toContain('Only they can release it');
  });

  it('lets the claimant release it, updating the channel message again', async () => {
    const answer = await invoke(ALEX, { op: 'releaseClaim', studentId: student.id });
    expect(JSON.stringify(answer.value)).not.toContain(`${alex.name} is contacting`);
    expect(calls.map((call) => call.method)).toEqual(['PUT']);
    expect(contentOf(calls[0])).toContain(`Released by ${alex.name}`);
    expect(contentOf(calls[0])).toContain("I'll contact");
  });

  it('closes the claim when the claimant logs a contact', async () => {
    await invoke(SAM, { ...claim, studentId: student.id });
    now = new Date(MONDAY.getTime() + 30 * 60_000);
    const answer = await invoke(SAM, { op: 'logContact', studentId: student.id, channel: 'meeting' });
    expect(JSON.stringify(answer.value)).toContain(`${sam.name} contacted them · 09:42`);
    expect(await world.seeded.repos.claims.activeFor(student.id, now)).toBeNull();
  });

  it('lapses a claim after seven days without a contact; the card says so and anyone may claim again', async () => {
    await invoke(ALEX, { ...claim, studentId: student.id });
    now = new Date(now.getTime() + 7 * 86_400_000);
    await invoke(SAM, { op: 'showStudent', studentId: student.id });
    expect(contentOf(calls[0])).toContain(`Claim by ${alex.name} lapsed without a contact`);
    const claimed = await invoke(SAM, { ...claim, studentId: student.id });
    expect(JSON.stringify(claimed.value)).toContain(`${sam.name} is contacting`);
  });
});

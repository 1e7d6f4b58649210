// The size of a channel's digest, set from Teams: an administrator @mentions Engage with `digest rows 3`
// in a programme channel; the digest there then lists three students a list grouped by tutor, with
// "and N more" and a Next page button whose page starts where the first stopped. Out-of-range numbers
// are refused plainly.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Staff } from '../../src/domain/model.ts';
import { openChatWorld, type ChatWorld } from '../chat/support.ts';
import {
  generateSigningKey,
  nockMember,
  postedCards,
  recordConnectorCalls,
  type ConnectorCall,
} from './botFramework.ts';
import { teamsFixture } from './fixtures.ts';
import { startTeamsServer, type TeamsServer } from './loopbackServer.ts';

const NOW = new Date('2026-12-01T10:32:00Z');
const CHANNEL = '19:4f1d9c2e8a7b4e0f9d3c6b5a2e1f0d9c@thread.tacv2';
const TEAM = '19:8a2b7c6d5e4f4a3b9c8d7e6f5a4b3c2d@thread.tacv2';
const ADMIN_MEMBER = '29:admin-member-0001';
const DIRECTOR_MEMBER = '29:director-member-0001';
const signingKey = generateSigningKey('bf-key-rows');

/** Every object in a card, depth first. */
function* nodes(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const item of value) yield* nodes(item);
  else if (value !== null && typeof value === 'object') {
    yield value as Record<string, unknown>;
    for (const child of Object.values(value)) yield* nodes(child);
  }
}

describe('digest rows through Teams /api/messages', () => {
  let world: ChatWorld;
  let teams: TeamsServer;
  let admin: Staff;
  let director: Staff;
  let nextId = 1;
  let calls: ConnectorCall[];
  /** The cards the bot posted, in order. */
  const cards = () => postedCards(calls);

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    world = await openChatWorld();
    admin = world.staff.find((staff) => staff.roles.includes('admin'))!;
    const size = (staff: Staff) =>
      world.students.filter((s) => s.programmeId === staff.programmeIds[0]).length;
    director = world.staff
      .filter((staff) => staff.roles.includes('tutor') && staff.programmeIds.length > 0)
      .sort((a, b) => size(b) - size(a))[0]!;
    teams = await startTeamsServer({
      chatApp: world.app,
      repos: world.seeded.repos,
      signingKey,
      now: () => NOW,
    });
    for (const [member, staff] of [
      [ADMIN_MEMBER, admin],
      [DIRECTOR_MEMBER, director],
    ] as const) {
      nockMember(TEAM, member, {
        ...teamsFixture('team-member'),
        id: member,
        email: staff.email,
        userPrincipalName: staff.email,
      });
    }
    calls = recordConnectorCalls();
  }, 120_000);

  afterAll(async () => {
    await teams.close();
    await world.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** @mentions Engage with `text` as `member`; the card it answers with. */
  async function say(member: string, text: string): Promise<unknown> {
    const message = teamsFixture('message-channel-mention');
    message.id = `rows-${nextId++}`;
    message.text = `<at>Engage</at> ${text}`;
    message.from = { id: member, name: 'Staff', aadObjectId: `aad-${member}` };
    const before = cards().length;
    expect((await teams.post(message)).status).toBe(200);
    expect(cards()).toHaveLength(before + 1);
    return cards().at(-1);
  }

  const texts = (card: unknown) =>
    [...nodes(card)].filter((node) => node.type === 'TextBlock').map((node) => String(node.text));
  /** Student rows: the element of a row's first cell that opens the student (the name and id). */
  const studentIds = (card: unknown) =>
    [...nodes(card)]
      .filter((node) => node.type === 'Container' && node.selectAction)
      .map((node) => JSON.stringify(node.selectAction).match(/"studentId":"([^"]+)"/)?.[1]);

  it('an administrator sets three rows a list; the programme digest lists three grouped by tutor, and Next page continues', async () => {
    await say(ADMIN_MEMBER, `link ${director.programmeIds[0]}`);
    const set = await say(ADMIN_MEMBER, 'digest rows 3');
    expect(texts(set).join(' ')).toContain('now shows at most 3 students');
    expect(await world.seeded.repos.channelLinks.linkFor('teams', CHANNEL)).toMatchObject({ digestRows: 3 });

    const digest = await say(DIRECTOR_MEMBER, 'digest');
    const shown = texts(digest);
    expect(shown).toContain('By personal tutor');
    expect(shown.some((text) => text.startsWith('Tutor: '))).toBe(true);
    const headings = shown
      .flatMap((text) => /^(.+) \((\d+)\)$/.exec(text) ?? [])
      .filter((_, i) => i % 3 === 2);
    const totals = headings.map(Number);
    const firstPage = studentIds(digest);
    expect(firstPage.length).toBe(totals.reduce((sum, total) => sum + Math.min(3, total), 0));
    const longest = Math.max(...totals);
    expect(longest).toBeGreaterThan(3);
    expect(shown).toContain(`and ${longest - 3} more`);

    const invoke = teamsFixture('invoke-adaptive-card-action');
    invoke.id = `rows-invoke-${nextId++}`;
    invoke.from = { id: DIRECTOR_MEMBER, name: 'Staff', aadObjectId: `aad-${DIRECTOR_MEMBER}` };
    invoke.value.action.data = { op: 'showDigest', page: 2 };
    const next = (await (await teams.post(invoke)).json()) as { value: unknown };
    // Page 2 holds each list's fourth to sixth students.
    const secondPage = studentIds(next.value);
    expect(secondPage.length).toBe(
      totals.reduce((sum, total) => sum + Math.max(0, Math.min(3, total - 3)), 0),
    );
    if (longest > 6) expect(texts(next.value)).toContain(`and ${longest - 6} more`);
  });

  it('refuses a number of rows out of range, saying what it takes', async () => {
    const refused = await say(ADMIN_MEMBER, 'digest rows 99');
    expect(texts(refused).join(' ')).toContain(
      'Rows per list must be a whole number from 1 to 50 (got "99")',
    );
    expect(await world.seeded.repos.channelLinks.linkFor('teams', CHANNEL)).toMatchObject({ digestRows: 3 });
  });
});

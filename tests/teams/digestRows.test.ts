// The size of a channel's digest, set from Teams: an administrator @mentions Engage with `digest rows 3`
// in a programme channel; the digest there then lists three students a list grouped by tutor, with
// "and N more" and a Next page button whose page starts where the first stopped. Out-of-range numbers
// are refused plainly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Staff } from '../../src/domain/model.ts';
import { openChatWorld, type ChatWorld } from '../chat/support.ts';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import { generateSigningKey, nockMember, postedCards, type ConnectorCall } from './botFramework.ts';
import { CHANNEL, TEAM, teamsFixture } from './fixtures.ts';
import { cardNodes } from './cardNodes.ts';
import { startTeamsServer, type TeamsServer } from './loopbackServer.ts';

const NOW = new Date('2026-12-01T10:32:00Z');
const ADMIN_MEMBER = '29:admin-member-0001';
const DIRECTOR_MEMBER = '29:director-member-0001';
const signingKey = generateSigningKey('bf-key-rows');

describe('digest rows through Teams /api/messages', () => {
  allowOnlyLoopback();

  let world: ChatWorld;
  let teams: TeamsServer;
  let admin: Staff;
  let director: Staff;
  let nextId = 1;
  let calls: ConnectorCall[];
  /** The cards the bot posted, in order. */
  const cards = () => postedCards(calls);

  beforeAll(async () => {
    world = await openChatWorld();
    admin = world.staff.find((staff) => staff.roles.includes('admin'))!;
    const size = (staff: Staff) =>
      world.students.filter((s) => s.programmeId === staff.programmeIds[0]).length;
    director = world.staff
      .filter((staff) => staff.roles.includes('tutor') && staff.programmeIds.length > 0)
      .sort((a, b) => size(b) - size(a))[0]!;
    teams = await startTeamsServer(world.app, world.seeded.repos, { signingKey, now: () => NOW });
    nockMember(TEAM, ADMIN_MEMBER, admin);
    nockMember(TEAM, DIRECTOR_MEMBER, director);
    calls = teams.connector;
  }, 120_000);

  afterAll(async () => {
    await teams.close();
    await world.close();
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
    [...cardNodes(card)].filter((node) => node.type === 'TextBlock').map((node) => String(node.text));
  /** Student rows: the element of a row's first cell that opens the student (the name and id). */
  const studentIds = (card: unknown) =>
    [...cardNodes(card)]
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

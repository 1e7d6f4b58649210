// The size of a channel's digest, set from Slack: an administrator types `/engage digest rows 3` in a
// programme channel and that channel's digest then lists at most three students a list, grouped by
// tutor, saying how many more; a number out of range is refused plainly, and only administrators may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Staff } from '../../src/domain/model.ts';
import { openChatWorld, staffWithRole, type ChatWorld } from '../chat/support.ts';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import { opensStudent, type Loose } from '../cards/slackLimits.ts';
import {
  fixture,
  formBody,
  sendToSlackEvents,
  slackUsers,
  startSlackServer,
  type SlackServer,
} from './harness.ts';

const ADMIN_USER = 'U0ADMIN001';
const DIRECTOR_USER = 'U0DIRECT01';
const CHANNEL = 'C2147483705';

describe('digest rows through /slack/events', () => {
  allowOnlyLoopback();

  let world: ChatWorld;
  let slack: SlackServer;
  let admin: Staff;
  let director: Staff;
  let trigger = 0;

  beforeAll(async () => {
    world = await openChatWorld();
    admin = staffWithRole(world, 'admin');
    // The director of the largest programme: lists longer than three students.
    const size = (staff: Staff) =>
      world.students.filter((s) => s.programmeId === staff.programmeIds[0]).length;
    director = world.staff
      .filter((staff) => staff.roles.includes('tutor') && staff.programmeIds.length > 0)
      .sort((a, b) => size(b) - size(a))[0]!;
    // A generous budget: every answer comes back in the acknowledgement itself, however busy the machine.
    slack = await startSlackServer(world.app, { ackAnswerBudgetMs: 60_000 });
    slackUsers({
      [ADMIN_USER]: { email: admin.email, name: admin.name },
      [DIRECTOR_USER]: { email: director.email, name: director.name },
    });
  }, 120_000);
  afterAll(async () => {
    await slack.close();
    await world.close();
  });

  /** Sends `/engage <text>` from `user` in the channel; the answer in the acknowledgement. */
  async function command(user: string, text: string): Promise<{ text: string; blocks: Loose[] }> {
    trigger += 1;
    const body = formBody(
      fixture<Record<string, string>>('slash-command', {
        text,
        user_id: user,
        channel_id: CHANNEL,
        trigger_id: `trigger-rows-${trigger}`,
      }),
    );
    const ack = await sendToSlackEvents(slack, body);
    expect(ack.status).toBe(200);
    return (await ack.json()) as { text: string; blocks: Loose[] };
  }

  /** Each list of a digest message: its total, the rows shown and the "and N more" under them. */
  function listsOf(blocks: Loose[]): { total: number; rows: number; more: number }[] {
    const lists: { total: number; rows: number; more: number }[] = [];
    for (const block of blocks) {
      const title = /^\*.+ \((\d+)\)\*/.exec(typeof block.text === 'object' ? block.text.text : '');
      if (title) lists.push({ total: Number(title[1]), rows: 0, more: 0 });
      const list = lists.at(-1);
      if (!list) continue;
      if (opensStudent(block)) list.rows += 1;
      const more = /and (\d+) more/.exec(
        JSON.stringify(block.type === 'context' ? block.elements : block.text),
      );
      if (more) list.more = Number(more[1]);
    }
    return lists;
  }

  it('an administrator sets three rows a list; the programme digest then lists three, grouped by tutor, and says how many more', async () => {
    await command(ADMIN_USER, `link ${director.programmeIds[0]}`);
    const before = listsOf((await command(DIRECTOR_USER, 'digest')).blocks);
    for (const list of before) expect(list.rows).toBe(Math.min(8, list.total));

    const set = await command(ADMIN_USER, 'digest rows 3');
    expect(JSON.stringify(set.blocks)).toContain('now shows at most 3 students');
    expect(await world.seeded.repos.channelLinks.linkFor('slack', CHANNEL)).toMatchObject({ digestRows: 3 });

    const after = await command(DIRECTOR_USER, 'digest');
    const text = JSON.stringify(after.blocks);
    expect(text).toContain('By personal tutor');
    const lists = listsOf(after.blocks);
    expect(lists.map((list) => list.total)).toEqual(before.map((list) => list.total));
    expect(lists.some((list) => list.total > 3)).toBe(true);
    for (const list of lists) {
      expect(list.rows).toBe(Math.min(3, list.total));
      expect(list.more).toBe(list.total - list.rows);
    }
    expect(text).toContain('tutor ');
  });

  it('refuses a number of rows out of range, and refuses anyone but an administrator', async () => {
    for (const wrong of ['digest rows 0', 'digest rows 51', 'digest rows twelve']) {
      const refused = await command(ADMIN_USER, wrong);
      expect(JSON.stringify(refused.blocks)).toContain('Rows per list must be a whole number from 1 to 50');
    }
    const notAdmin = await command(DIRECTOR_USER, 'digest rows 20');
    expect(JSON.stringify(notAdmin.blocks)).toContain('for administrators');
    expect(await world.seeded.repos.channelLinks.linkFor('slack', CHANNEL)).not.toMatchObject({
      digestRows: 20,
    });
  });
});

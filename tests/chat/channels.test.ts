import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPlace } from '../../src/chat/ports.ts';
import type { Staff } from '../../src/domain/model.ts';
import { contextFor, openChatWorld, staffWithRole, type ChatWorld } from './support.ts';

describe('linking channels to tutor groups', () => {
  let world: ChatWorld;
  let admin: Staff;
  let tutor: Staff;
  const channel: ChatPlace = {
    platform: 'teams',
    channelId: '19:cs-year-2@thread.tacv2',
    kind: 'channel',
    name: 'CS Year 2',
  };

  beforeAll(async () => {
    world = await openChatWorld();
    admin = staffWithRole(world, 'admin');
    tutor = staffWithRole(world, 'tutor');
  }, 60_000);
  afterAll(async () => world.close());

  it('only administrators may link, unlink or list channels', async () => {
    for (const text of ['link computer-science/2', 'unlink', 'channels']) {
      const response = await world.app.command(contextFor(tutor, channel), text);
      expect(response.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    }
    expect(await world.seeded.repos.channelLinks.list()).toEqual([]);
  });

  it('links a channel to a programme year, replaces the link on relinking, lists and unlinks it', async () => {
    const linked = await world.app.command(contextFor(admin, channel), 'link computer-science/2');
    expect(linked.view).toMatchObject({ kind: 'notice', tone: 'success' });
    expect(JSON.stringify(linked.view)).toContain('BSc Computer Science, year 2');

    // Slack sends a typed email as a mailto link.
    await world.app.command(contextFor(admin, channel), `link <mailto:${tutor.email}|${tutor.email}>`);
    const links = await world.seeded.repos.channelLinks.list();
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      platform: 'teams',
      channelId: channel.channelId,
      channelName: 'CS Year 2',
      group: { kind: 'tutor', staffId: tutor.id },
      linkedBy: admin.id,
    });

    const listed = await world.app.command(contextFor(admin), 'channels');
    expect(listed.view).toEqual({
      kind: 'channels',
      links: [
        {
          channel: 'CS Year 2',
          platform: 'teams',
          group: `tutees of ${tutor.name}`,
          linkedBy: admin.name,
          linkedAt: '2026-12-01T10:32:00.000Z',
        },
      ],
    });

    const unlinked = await world.app.command(contextFor(admin, channel), 'unlink');
    expect(unlinked.view).toMatchObject({ kind: 'notice', tone: 'success' });
    expect(await world.seeded.repos.channelLinks.list()).toEqual([]);
    const again = await world.app.command(contextFor(admin, channel), 'unlink');
    expect(again.view).toMatchObject({ kind: 'notice', tone: 'info', title: 'Not linked' });
  });

  it("links the admins' channel, which is told it gets feed-health cards and has no digest of students", async () => {
    const admins: ChatPlace = {
      ...channel,
      channelId: '19:engage-admins@thread.tacv2',
      name: 'Engage admins',
    };
    const linked = await world.app.command(contextFor(admin, admins), 'link admins');
    expect(linked.view).toMatchObject({ kind: 'notice', tone: 'success' });
    expect(JSON.stringify(linked.view)).toContain("admins' channel: feed-health cards");
    const link = await world.seeded.repos.channelLinks.linkFor('teams', admins.channelId);
    expect(link?.group).toEqual({ kind: 'admins' });
    expect(await world.app.buildDigests([link!], new Date('2026-12-01T10:32:00Z'))).toEqual([]);
    await world.app.command(contextFor(admin, admins), 'unlink');
  });

  it('says why a link target is not understood, and never links a personal chat', async () => {
    const unknown = await world.app.command(contextFor(admin, channel), 'link underwater-basket-weaving/9');
    expect(unknown.view).toMatchObject({ kind: 'notice', tone: 'error' });
    const manager = staffWithRole(world, 'manager');
    const notTutor = await world.app.command(contextFor(admin, channel), `link ${manager.email}`);
    expect(notTutor.view).toMatchObject({ kind: 'notice', tone: 'error' });
    const noSuchEmail = await world.app.command(contextFor(admin, channel), 'link nobody@example.ac.uk');
    expect(noSuchEmail.view).toMatchObject({ kind: 'notice', tone: 'error' });
    const personal = await world.app.command(contextFor(admin), 'link computer-science/1');
    expect(personal.view).toMatchObject({ kind: 'notice', tone: 'warning' });
    expect(await world.seeded.repos.channelLinks.list()).toEqual([]);
  });

  it("a linked channel's digest holds only its group's students, and the managers' channel gets governance", async () => {
    const place: ChatPlace = { platform: 'slack', channelId: 'C-HISTORY', kind: 'channel' };
    await world.app.command(contextFor(admin, place), 'link BA History');
    const digest = await world.app.command(contextFor(tutor, place), 'digest');
    if (digest.view.kind !== 'digest') throw new Error(`expected a digest, got ${digest.view.kind}`);
    const history = new Set(world.students.filter((s) => s.programmeId === 'history').map((s) => s.id));
    const rows = digest.view.sections.flatMap((section) => section.rows);
    expect(digest.view.groupLabel).toBe('BA History, all years');
    expect(digest.view.scored).toBeGreaterThan(0);
    for (const row of rows) expect(history.has(row.studentId)).toBe(true);
    expect(digest.view.distribution.scored).toBeLessThanOrEqual(history.size);

    const managers: ChatPlace = { platform: 'slack', channelId: 'C-LEADERSHIP', kind: 'channel' };
    await world.app.command(contextFor(admin, managers), 'link managers');
    const governance = await world.app.command(contextFor(tutor, managers), 'digest');
    expect(governance.view.kind).toBe('governance');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logContact } from '../../src/cases/contactService.ts';
import { chatActionSchema } from '../../src/chat/actions.ts';
import { buildDigestView } from '../../src/chat/views/digestView.ts';
import { DIGEST_ROWS_PER_SECTION, LIST_PAGE_SIZE } from '../../src/chat/views/displayLimits.ts';
import type { ChatPlace } from '../../src/chat/ports.ts';
import type { ChannelLink } from '../../src/repositories/channelLinks.ts';
import { loadSignals } from '../../src/weekly/loadSignals.ts';
import { scoredThisWeek } from '../../src/weekly/mondayView.ts';
import type { Staff } from '../../src/domain/model.ts';
import { contextFor, openChatWorld, staffWithRole, type ChatWorld } from './support.ts';

describe('digests, lists and bands in chat', () => {
  let world: ChatWorld;
  let admin: Staff;
  let tutor: Staff;

  beforeAll(async () => {
    // enough students that a programme's biggest score band runs to more than one page of ten: with
    // realistically sparse data a small programme's scores spread over three bands
    world = await openChatWorld({ students: 600 });
    admin = staffWithRole(world, 'admin');
    tutor = staffWithRole(world, 'tutor');
  }, 60_000);
  afterAll(async () => world.close());

  const tutorChannel = (channelId: string): ChatPlace => ({ platform: 'slack', channelId, kind: 'channel' });

  it('snoozing a student hides them from this channel’s digest for a week, and only this channel’s', async () => {
    const here = tutorChannel('C-TUTEES-1');
    const there = tutorChannel('C-TUTEES-2');
    for (const place of [here, there]) await world.app.command(contextFor(admin, place), `link ${tutor.id}`);
    const before = await world.app.command(contextFor(tutor, here), 'digest');
    if (before.view.kind !== 'digest') throw new Error('expected a digest');
    const row = before.view.sections.flatMap((section) => section.rows)[0];
    if (!row) throw new Error('the tutor’s digest lists nobody: pick a tutor with flagged tutees');

    const snoozed = await world.app.action(
      contextFor(tutor, here),
      chatActionSchema.parse({ op: 'snooze', studentId: row.studentId }),
    );
    expect(snoozed.mode).toBe('update');
    expect(snoozed.view).toMatchObject({
      kind: 'student',
      confirmation: expect.stringContaining('until 2026-12-08'),
    });

    const after = await world.app.command(contextFor(tutor, here), 'digest');
    if (after.view.kind !== 'digest') throw new Error('expected a digest');
    expect(after.view.sections.flatMap((s) => s.rows).map((r) => r.studentId)).not.toContain(row.studentId);
    expect(after.view.snoozedCount).toBe(1);

    const elsewhere = await world.app.command(contextFor(tutor, there), 'digest');
    if (elsewhere.view.kind !== 'digest') throw new Error('expected a digest');
    expect(elsewhere.view.sections.flatMap((s) => s.rows).map((r) => r.studentId)).toContain(row.studentId);

    const weekLater = await world.app.command(
      contextFor(tutor, here, { now: new Date('2026-12-08T10:33:00Z') }),
      'digest',
    );
    if (weekLater.view.kind !== 'digest') throw new Error('expected a digest');
    expect(weekLater.view.snoozedCount).toBe(0);
  });

  it('the digest shows a page of each section, says how many in all, and links to the full lists', async () => {
    const { repos } = world.seeded;
    const week = (await repos.scores.scoredWeeks()).at(-1)!;
    const snapshot = await loadSignals(repos, { week, now: new Date('2026-12-01T10:32:00Z') });
    const everyone = scoredThisWeek(snapshot);
    const page = (n: number) =>
      buildDigestView({
        groupLabel: 'the whole institution',
        week,
        asOf: snapshot.asOf,
        entries: everyone,
        snoozedCount: 0,
        page: n,
        chart: null,
        names: { programme: (id) => id, staff: (id) => id },
      });
    const first = page(1);
    const declining = first.sections.find((s) => s.key === 'declining')!;
    expect(declining.total).toBeGreaterThan(DIGEST_ROWS_PER_SECTION);
    expect(declining.rows).toHaveLength(DIGEST_ROWS_PER_SECTION);
    expect(declining.more?.action).toEqual({ op: 'showList', list: 'declining' });
    expect(first.buttons.map((b) => b.action)).toContainEqual({ op: 'showDigest', page: 2 });
    const second = page(2);
    const secondIds = second.sections.find((s) => s.key === 'declining')!.rows.map((r) => r.studentId);
    expect(secondIds).not.toContain(declining.rows[0]!.studentId);
    // No risk model in this store: no At risk section; Consistently low keeps its own.
    expect(first.sections.map((s) => s.title)).toEqual(['Declining', 'Consistently low', 'Priority contact']);
  });

  it('lists page through their students, ten at a time, and every named row shown is audited', async () => {
    const place = tutorChannel('C-PROGRAMME');
    await world.app.command(contextFor(admin, place), `link ${tutor.programmeIds[0]}`);
    const bands = await world.app.command(contextFor(tutor, place), 'bands');
    if (bands.view.kind !== 'bands') throw new Error('expected bands');
    const biggest = [...bands.view.summary.bands].sort((a, b) => b.count - a.count)[0]!;
    expect(biggest.count).toBeGreaterThan(LIST_PAGE_SIZE);
    const drill = bands.view.buttons.find(
      (b) => b.action.op === 'showBand' && b.action.band === biggest.band,
    )!;

    const first = await world.app.action(contextFor(tutor, place), chatActionSchema.parse(drill.action));
    if (first.view.kind !== 'student-list') throw new Error('expected a list');
    expect(first.view.section.rows).toHaveLength(LIST_PAGE_SIZE);
    expect(first.view.section.total).toBe(biggest.count);
    expect(first.view.pageCount).toBe(Math.ceil(biggest.count / LIST_PAGE_SIZE));
    const next = first.view.buttons.find((button) => button.label === 'Next page')!;
    const second = await world.app.action(contextFor(tutor, place), chatActionSchema.parse(next.action));
    if (second.view.kind !== 'student-list') throw new Error('expected a list');
    expect(second.mode).toBe('update');
    expect(second.view.page).toBe(2);
    const firstIds = first.view.section.rows.map((r) => r.studentId);
    for (const row of second.view.section.rows) expect(firstIds).not.toContain(row.studentId);

    const audit = await world.seeded.repos.audit.forStudent(firstIds[0]!);
    expect(audit).toContainEqual(
      expect.objectContaining({ actor: tutor.id, action: 'view-band', where: 'slack:C-PROGRAMME' }),
    );

    const beyond = await world.app.action(
      contextFor(tutor, place),
      chatActionSchema.parse({ op: 'showBand', band: biggest.band, page: 999 }),
    );
    if (beyond.view.kind !== 'student-list') throw new Error('expected a list');
    expect(beyond.view.page).toBe(beyond.view.pageCount);
    expect(beyond.view.section.rows.length).toBeGreaterThan(0);
  });

  it('declining and priority list only students on those lists, with attendance beside each score', async () => {
    const declining = await world.app.command(contextFor(tutor), 'declining');
    if (declining.view.kind !== 'student-list') throw new Error('expected a list');
    for (const row of declining.view.section.rows) expect(row.fourWeekChange!).toBeLessThan(-100);
    const priority = await world.app.command(contextFor(tutor), 'priority');
    if (priority.view.kind !== 'student-list') throw new Error('expected a list');
    for (const row of priority.view.section.rows) {
      expect(row.score).toBeLessThan(350);
      expect(row.openCase).toBe(false);
      expect(row.daysSinceContact === null || row.daysSinceContact >= 14).toBe(true);
      expect('attendancePct' in row).toBe(true);
    }
  });

  it('digests for posting read the week afresh: a contact logged elsewhere since takes a student off priority', async () => {
    const place = tutorChannel('C-FRESH');
    const programmeId = tutor.programmeIds[0]!;
    await world.app.command(contextFor(admin, place), `link ${programmeId}`);
    const before = await world.app.command(contextFor(tutor, place), 'priority');
    if (before.view.kind !== 'student-list') throw new Error('expected a list');
    const student = before.view.section.rows[0];
    if (!student) throw new Error('the programme has nobody on the priority list');
    await logContact(
      world.seeded.repos,
      { studentId: student.studentId, channel: 'meeting', note: 'Caught up after the lecture' },
      { now: new Date('2026-12-01T10:40:00Z'), actorStaffId: tutor.id },
    );
    const link = (await world.seeded.repos.channelLinks.linkFor('slack', 'C-FRESH'))!;
    const [posted] = (await world.app.buildDigests([link], new Date('2026-12-01T10:45:00Z')))!;
    if (posted?.view.kind !== 'digest') throw new Error('expected a digest');
    const priority = posted.view.sections.find((section) => section.key === 'priority-contact')!;
    expect(priority.total).toBe(before.view.section.total - 1);
    expect(priority.rows.map((row) => row.studentId)).not.toContain(student.studentId);
  });

  it('posts a programme channel’s digest at its own rows per list, grouped by tutor; a tutor’s channel is not grouped', async () => {
    const linked = {
      channelName: null,
      workspaceId: null,
      linkedBy: admin.id,
      linkedAt: new Date('2026-11-01'),
    };
    const programme: ChannelLink = {
      ...linked,
      platform: 'teams',
      channelId: '19:programme-rows',
      group: { kind: 'programme', programmeId: tutor.programmeIds[0]!, yearOfStudy: null },
      digestRows: 2,
    };
    const own: ChannelLink = {
      ...linked,
      platform: 'teams',
      channelId: '19:tutees-rows',
      group: { kind: 'tutor', staffId: tutor.id },
    };
    const [grouped, plain] = (await world.app.buildDigests(
      [programme, own],
      new Date('2026-12-01T07:00:00Z'),
    ))!;
    if (grouped?.view.kind !== 'digest' || plain?.view.kind !== 'digest') throw new Error('expected digests');
    expect(grouped.view.sections.some((section) => section.total > 2)).toBe(true);
    for (const section of grouped.view.sections) {
      expect(section.rows).toHaveLength(Math.min(2, section.total));
      for (const row of section.rows) expect(row.tutor).toEqual(expect.any(String));
    }
    expect(grouped.view.byTutor?.tutors.length).toBeGreaterThan(0);
    expect(plain.view.byTutor).toBeUndefined();
    for (const section of plain.view.sections) {
      expect(section.rows).toHaveLength(Math.min(DIGEST_ROWS_PER_SECTION, section.total));
      for (const row of section.rows) expect(row.tutor).toBeUndefined();
    }
  });

  it('builds every linked channel’s digest from one read, each with only its own students', async () => {
    const tutors = world.staff.filter((s) => s.roles.includes('tutor'));
    const links: ChannelLink[] = [
      ...tutors.map((t, i) => ({
        platform: 'teams' as const,
        channelId: `19:tutor-${i}`,
        channelName: null,
        workspaceId: null,
        group: { kind: 'tutor' as const, staffId: t.id },
        linkedBy: admin.id,
        linkedAt: new Date('2026-11-01T00:00:00Z'),
      })),
      {
        platform: 'slack',
        channelId: 'C-MANAGERS',
        channelName: null,
        workspaceId: null,
        group: { kind: 'managers' },
        linkedBy: admin.id,
        linkedAt: new Date('2026-11-01T00:00:00Z'),
      },
    ];
    const digests = (await world.app.buildDigests(links, new Date('2026-12-01T07:00:00Z')))!;
    expect(digests).toHaveLength(links.length);
    const tutorOf = new Map(world.students.map((s) => [s.id, s.tutorId]));
    let rows = 0;
    for (const { link, view } of digests) {
      if (link.group.kind === 'managers') {
        expect(view.kind).toBe('governance');
        continue;
      }
      if (view.kind !== 'digest') throw new Error('expected a digest');
      for (const row of view.sections.flatMap((s) => s.rows)) {
        rows += 1;
        expect(tutorOf.get(row.studentId)).toBe(link.group.kind === 'tutor' ? link.group.staffId : null);
      }
    }
    expect(rows).toBeGreaterThan(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatApp } from '../../src/chat/app.ts';
import { MAX_CANDIDATES, NAME_SEARCH_LIMIT } from '../../src/chat/limits.ts';
import type { Staff, Student } from '../../src/domain/model.ts';
import { contextFor, openChatWorld, staffWithRole, type ChatWorld } from './support.ts';

describe('who may see which student', () => {
  let world: ChatWorld;
  let tutor: Staff;
  let tutee: Student;
  let stranger: Student;

  beforeAll(async () => {
    world = await openChatWorld();
    tutor = staffWithRole(world, 'tutor');
    tutee = world.students.find((s) => s.tutorId === tutor.id)!;
    stranger = world.students.find(
      (s) => s.tutorId !== tutor.id && !tutor.programmeIds.includes(s.programmeId),
    )!;
  }, 60_000);
  afterAll(async () => world.close());

  it('a tutor sees their own tutee, and the look is audited with who, when and where', async () => {
    const context = contextFor(tutor, { platform: 'teams', channelId: '19:tutor-chat', kind: 'personal' });
    const response = await world.app.command(context, `student ${tutee.id}`);
    expect(response.view).toMatchObject({ kind: 'student', student: { id: tutee.id } });
    const audit = await world.seeded.repos.audit.forStudent(tutee.id);
    expect(audit).toContainEqual({
      at: context.now,
      actor: tutor.id,
      studentId: tutee.id,
      action: 'view-student',
      where: 'teams:19:tutor-chat',
    });
  });

  it('a tutor asking for another programme’s student is told plainly, and the denial is audited', async () => {
    const response = await world.app.command(contextFor(tutor), `student ${stranger.id}`);
    expect(response.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    expect(JSON.stringify(response.view)).not.toContain(stranger.name);
    const audit = await world.seeded.repos.audit.forStudent(stranger.id);
    expect(audit.map((entry) => [entry.actor, entry.action])).toEqual([[tutor.id, 'view-student-denied']]);
  });

  it('a name matching several students offers only those the tutor may see', async () => {
    const surname = tutee.name.split(' ').at(-1)!;
    const response = await world.app.command(contextFor(tutor), `student ${surname}`);
    const shown =
      response.view.kind === 'choose-student'
        ? response.view.candidates.map((c) => c.id)
        : response.view.kind === 'student'
          ? [response.view.student.id]
          : [];
    expect(shown).toContain(tutee.id);
    for (const id of shown) {
      const student = world.students.find((s) => s.id === id)!;
      expect(student.tutorId === tutor.id || tutor.programmeIds.includes(student.programmeId)).toBe(true);
    }
  });

  it('a broad name search offers eight candidates the tutor may see and says how many more match', async () => {
    const sees = (staff: Staff) => (s: Student) =>
      s.tutorId === staff.id || staff.programmeIds.includes(s.programmeId);
    const seen = (staff: Staff) => world.students.filter(sees(staff)).length;
    const lead = world.staff.filter((s) => s.roles.includes('tutor')).sort((a, b) => seen(b) - seen(a))[0]!;
    const visible = sees(lead);
    // A fragment of a name many of the tutor's students share, within what one search reads.
    const matching = (fragment: string) =>
      world.students.filter((s) => s.name.toLowerCase().includes(fragment));
    const fragments = [...new Set(world.students.flatMap((s) => fragmentsOf(s.name.toLowerCase())))];
    const letter = fragments.find(
      (f) => matching(f).length <= NAME_SEARCH_LIMIT && matching(f).filter(visible).length > MAX_CANDIDATES,
    )!;
    const expected = matching(letter).filter(visible);
    const response = await world.app.command(contextFor(lead), `student ${letter}`);
    if (response.view.kind !== 'choose-student')
      throw new Error(`expected candidates, got ${response.view.kind}`);
    expect(response.view.candidates).toHaveLength(MAX_CANDIDATES);
    for (const candidate of response.view.candidates) {
      expect(visible(world.students.find((s) => s.id === candidate.id)!)).toBe(true);
    }
    expect(response.view.more).toBe(expected.length - MAX_CANDIDATES);
  });

  it('a manager is denied named students but gets the governance summary, with no name in it', async () => {
    const manager = staffWithRole(world, 'manager');
    const lookup = await world.app.command(contextFor(manager), `student ${tutee.id}`);
    expect(lookup.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    const digest = await world.app.command(contextFor(manager), 'digest');
    expect(digest.view.kind).toBe('governance');
    const text = JSON.stringify(digest.view);
    for (const student of world.students) {
      expect(text).not.toContain(student.id);
      expect(text).not.toContain(student.name);
    }
    const declining = await world.app.command(contextFor(manager), 'declining');
    expect(declining.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    const bands = await world.app.command(contextFor(manager), 'bands');
    expect(bands.view).toMatchObject({ kind: 'bands', buttons: [] });
  });

  it('a caseworker sees a student with an active case and not one without', async () => {
    const caseworker = staffWithRole(world, 'caseworker');
    const withCase = world.seeded.institution.cases[0]!;
    const withoutCase = world.students.find((s) => s.id !== withCase.studentId && s.id !== tutee.id)!;
    const allowed = await world.app.command(contextFor(caseworker), `student ${withCase.studentId}`);
    expect(allowed.view).toMatchObject({ kind: 'student', student: { id: withCase.studentId } });
    const refused = await world.app.command(contextFor(caseworker), `student ${withoutCase.id}`);
    expect(refused.view).toMatchObject({ kind: 'notice', tone: 'denied' });
  });

  it('a tutor in a channel linked to another group sees that group’s students there, and only there', async () => {
    const admin = staffWithRole(world, 'admin');
    const channel = { platform: 'slack' as const, channelId: 'C-STRANGERS', kind: 'channel' as const };
    await world.app.command(
      contextFor(admin, channel),
      `link ${stranger.programmeId}/${stranger.yearOfStudy}`,
    );
    const inChannel = await world.app.command(contextFor(tutor, channel), `student ${stranger.id}`);
    expect(inChannel.view).toMatchObject({ kind: 'student', student: { id: stranger.id } });
    const elsewhere = await world.app.command(contextFor(tutor), `student ${stranger.id}`);
    expect(elsewhere.view).toMatchObject({ kind: 'notice', tone: 'denied' });
  });

  it('remembers a chat user seen once with an email, so later requests without one resolve', async () => {
    const fresh = createChatApp({
      repos: world.seeded.repos,
      charts: { trend: failChart, bands: failChart, calibration: failChart },
    });
    const userId = 'AAD-0f3c';
    const first = await fresh.command(contextFor(tutor, {}, { userId }), 'help');
    expect(first.view.kind).toBe('help');
    const later = createChatApp({
      repos: world.seeded.repos,
      charts: { trend: failChart, bands: failChart, calibration: failChart },
    });
    const card = await later.command(
      contextFor(tutor, {}, { userId, withEmail: false }),
      `student ${tutee.id}`,
    );
    expect(card.view).toMatchObject({ kind: 'student', chart: null });
    const unknown = await later.command(
      contextFor(tutor, {}, { userId: 'AAD-never-seen', withEmail: false }),
      'help',
    );
    expect(unknown.view).toMatchObject({ kind: 'notice', title: 'Not recognised' });
  });
});

/** A chart linker that is down: cards still come, without their picture. */
async function failChart(): Promise<never> {
  throw new Error('chart service unavailable');
}

/** Every two-letter fragment of a name (no spaces). */
function fragmentsOf(name: string): string[] {
  return Array.from({ length: name.length - 1 }, (_, i) => name.slice(i, i + 2)).filter(
    (f) => !f.includes(' '),
  );
}

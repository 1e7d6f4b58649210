import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatApp } from '../../src/chat/app.ts';
import { renderBlocks } from '../../adapters/slack/blocks.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { MAX_CANDIDATES } from '../../src/chat/views/displayLimits.ts';
import { formatCount } from '../../src/chat/views/viewFormat.ts';
import { nameMatch } from '../../src/domain/nameSearch.ts';
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

  const sees = (staff: Staff) => (s: Student) =>
    s.tutorId === staff.id || staff.programmeIds.includes(s.programmeId);
  const byId = (id: string) => world.students.find((s) => s.id === id)!;
  const tutorSeeingMost = () => {
    const seen = (staff: Staff) => world.students.filter(sees(staff)).length;
    return world.staff.filter((s) => s.roles.includes('tutor')).sort((a, b) => seen(b) - seen(a))[0]!;
  };
  /** Two-letter fragments of names (no spaces), most common first. */
  const fragments = () => {
    const counts = new Map<string, number>();
    for (const s of world.students)
      for (const f of new Set(fragmentsOf(s.name.toLowerCase()))) counts.set(f, (counts.get(f) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([f]) => f);
  };

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

  it('a name search offers the best matches the tutor may see, best first, and says how many more', async () => {
    const lead = tutorSeeingMost();
    const visible = sees(lead);
    // A two-letter fragment where a name merely containing it sorts before one starting with it, so the
    // ranking (not the alphabet) decides who comes first.
    const fragment = fragments().find((f) => {
      const mine = world.students.filter(visible).filter((s) => s.name.toLowerCase().includes(f));
      const starts = mine.filter((s) => s.name.toLowerCase().startsWith(f)).map((s) => s.name);
      const others = mine.filter((s) => !s.name.toLowerCase().startsWith(f)).map((s) => s.name);
      return mine.length > MAX_CANDIDATES && starts.length > 0 && others.some((o) => o < starts.sort()[0]!);
    })!;
    const expected = world.students.filter(visible).filter((s) => s.name.toLowerCase().includes(fragment));
    const response = await world.app.command(contextFor(lead), `student ${fragment}`);
    if (response.view.kind !== 'choose-student')
      throw new Error(`expected candidates, got ${response.view.kind}`);
    const { candidates } = response.view;
    expect(candidates).toHaveLength(MAX_CANDIDATES);
    for (const candidate of candidates) expect(visible(byId(candidate.id))).toBe(true);
    expect(response.view.more).toBe(expected.length - MAX_CANDIDATES);
    expect(candidates[0]!.name.toLowerCase().startsWith(fragment)).toBe(true);
    const tiers = candidates.map((c) =>
      ['exact', 'prefix', 'word-prefix', 'contains'].indexOf(nameMatch(c.name, fragment)!),
    );
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
    const card = JSON.stringify(renderAdaptiveCard(response.view));
    expect(card).toContain(`${formatCount(expected.length)} students match`);
    expect(card).toContain(
      `and ${expected.length - MAX_CANDIDATES} more — type more of the name, or the student id`,
    );
    expect(JSON.stringify(renderBlocks(response.view).blocks)).toContain('type more of the name');
  });

  it('never opens a student from a one-letter query, even when only one matches', async () => {
    const tutors = world.staff.filter((s) => s.roles.includes('tutor'));
    const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
    let asked: { tutor: Staff; letter: string } | undefined;
    for (const each of tutors) {
      const letter = letters.find(
        (l) => world.students.filter(sees(each)).filter((s) => s.name.toLowerCase().includes(l)).length === 1,
      );
      if (letter) {
        asked = { tutor: each, letter };
        break;
      }
    }
    if (!asked) throw new Error('no tutor has a letter only one of their students’ names holds');
    const response = await world.app.command(contextFor(asked.tutor), `student ${asked.letter}`);
    expect(response.view).toMatchObject({ kind: 'choose-student', candidates: [expect.any(Object)] });
    expect(JSON.stringify(renderAdaptiveCard(response.view))).toContain('type more of the name');
  });

  it('offers the tutee a tutor means by first name, however many others share it', async () => {
    const firstName = (s: Student) => s.name.split(' ')[0]!;
    const shared = world.students.find(
      (s) =>
        s.tutorId === tutor.id &&
        world.students.filter((o) => firstName(o) === firstName(s)).length > MAX_CANDIDATES,
    );
    const meant = shared ?? tutee;
    const response = await world.app.command(contextFor(tutor), `student ${firstName(meant)}`);
    const offered =
      response.view.kind === 'choose-student'
        ? response.view.candidates.map((c) => c.id)
        : response.view.kind === 'student'
          ? [response.view.student.id]
          : [];
    expect(offered).toContain(meant.id);
  });

  it('the "Which student?" card shows each candidate’s id once, with programme and year', async () => {
    const lead = tutorSeeingMost();
    const response = await world.app.command(contextFor(lead), `student ${fragments()[0]}`);
    if (response.view.kind !== 'choose-student') throw new Error('expected candidates');
    const candidate = response.view.candidates[0]!;
    expect(candidate.detail).not.toContain(candidate.id);
    const lines = JSON.stringify(renderAdaptiveCard(response.view)).match(/"text":"[^"]*"/g) ?? [];
    const mentioning = lines.filter((line) => line.includes(candidate.id));
    expect(mentioning).toEqual([`"text":"${candidate.id} · ${candidate.detail}"`]);
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

  it('help lists only the commands the reader may use', async () => {
    const usages = async (staff: Staff) => {
      const help = await world.app.command(contextFor(staff), 'help');
      if (help.view.kind !== 'help') throw new Error('expected help');
      return [...help.view.commands, ...help.view.adminCommands].map((c) => c.usage.split(' ')[0]);
    };
    const manager = world.staff.find((s) => s.roles.includes('manager') && !s.roles.includes('admin'))!;
    expect(await usages(manager)).toEqual(['digest', 'bands', 'model', 'help']);
    const plainTutor = world.staff.find((s) => s.roles.includes('tutor') && !s.roles.includes('admin'))!;
    expect(await usages(plainTutor)).toEqual(['student', 'digest', 'declining', 'priority', 'bands', 'help']);
    expect(await usages(staffWithRole(world, 'admin'))).toContain('link');
  });

  it('a caseworker sees a student with an active case and not one without', async () => {
    const caseworker = staffWithRole(world, 'caseworker');
    const withCase = world.seeded.institution.cases[0]!;
    const withoutCase = world.students.find((s) => s.id !== withCase.studentId && s.id !== tutee.id)!;
    const allowed = await world.app.command(contextFor(caseworker), `student ${withCase.studentId}`);
    expect(allowed.view).toMatchObject({ kind: 'student', student: { id: withCase.studentId } });
    const refused = await world.app.command(contextFor(caseworker), `student ${withoutCase.id}`);
    expect(refused.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    if (!caseworker.roles.includes('tutor')) {
      // Told their own remit, not a tutor's.
      expect(refused.view).toMatchObject({
        text: expect.stringContaining('students with an active support case'),
      });
      expect(refused.view).not.toMatchObject({ text: expect.stringContaining('tutees') });
    }
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

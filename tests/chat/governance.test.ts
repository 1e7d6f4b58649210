import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatActionSchema } from '../../src/chat/actions.ts';
import { OUTCOME_WINDOW_DAYS } from '../../src/chat/views/governance.ts';
import type { Staff } from '../../src/domain/model.ts';
import { contextFor, openChatWorld, staffWithRole, type ChatWorld } from './support.ts';

describe('the governance summary and the home tab', () => {
  let world: ChatWorld;
  let manager: Staff;

  beforeAll(async () => {
    world = await openChatWorld();
    manager = staffWithRole(world, 'manager');
  }, 60_000);
  afterAll(async () => world.close());

  it('gives managers aggregate figures — lists, years, intervention outcomes — and never a name or id', async () => {
    const context = contextFor(manager);
    const response = await world.app.command(context, 'digest');
    if (response.view.kind !== 'governance')
      throw new Error(`expected governance, got ${response.view.kind}`);
    const figures = new Map(response.view.figures.map((f) => [f.label, f.value]));

    const { repos } = world.seeded;
    const week = (await repos.scores.scoredWeeks()).at(-1)!;
    const scored = (await repos.scores.scoresForWeek(week)).length;
    expect(figures.get('Students scored this week')).toBe(scored.toLocaleString('en-GB'));
    expect(response.view.summary.scored).toBe(scored);
    const since = new Date(context.now.getTime() - OUTCOME_WINDOW_DAYS * 86_400_000);
    const cases = await repos.cases.listCases({ openedSince: since }, 10_000);
    const caseLine = [...figures].find(([label]) => label.startsWith('Support cases opened this term'));
    // Fewer than five students is never shown as a number.
    const casesShown =
      cases.length > 0 && cases.length < 5 ? 'fewer than 5' : cases.length.toLocaleString('en-GB');
    expect(caseLine?.[1].split(' — ')[0]).toBe(casesShown);
    // Each enabled source's data quality and freshness.
    const sources = (await repos.sources.listSources()).filter((source) => source.enabled);
    for (const source of sources)
      expect(figures.get(`Data quality — ${source.name}`)).toMatch(
        /^(\d+%|no deliveries scored yet) · (Fresh|Stale|No deliveries)/,
      );
    expect([...figures.keys()].some((label) => /^Year \d$/.test(label))).toBe(true);

    const text = JSON.stringify(response.view);
    for (const student of world.students) {
      expect(text).not.toContain(student.id);
      expect(text).not.toContain(student.name);
    }
  });

  it("the home tab is the tutor's own priority list; a manager's is the governance summary", async () => {
    const tutor = staffWithRole(world, 'tutor');
    const home = await world.app.home(
      contextFor(tutor, { platform: 'slack', channelId: 'APP-HOME', kind: 'personal' }),
    );
    if (home.kind !== 'student-list') throw new Error(`expected a list, got ${home.kind}`);
    expect(home.section.key).toBe('priority-contact');
    const own = new Set(
      world.students
        .filter((s) => s.tutorId === tutor.id || tutor.programmeIds.includes(s.programmeId))
        .map((s) => s.id),
    );
    for (const row of home.section.rows) expect(own.has(row.studentId)).toBe(true);
    expect((await world.app.home(contextFor(manager))).kind).toBe('governance');
  });

  it("a caseworker's digest outside a linked channel covers the students of their open cases", async () => {
    const caseworker = staffWithRole(world, 'caseworker');
    const tutor = staffWithRole(world, 'tutor');
    const tutees = world.students.filter((s) => s.tutorId === tutor.id && s.status === 'active');
    const referred = tutees.find((s) => world.seeded.institution.cases.every((c) => c.studentId !== s.id))!;
    await world.app.action(
      contextFor(tutor),
      chatActionSchema.parse({
        op: 'openCase',
        studentId: referred.id,
        reason: 'Referral',
        ownerId: caseworker.id,
      }),
    );
    const own = new Set(
      (await world.seeded.repos.cases.listCases({ ownerId: caseworker.id }))
        .filter((c) => c.status !== 'closed')
        .map((c) => c.studentId),
    );
    const digest = await world.app.command(contextFor(caseworker), 'digest');
    if (digest.view.kind !== 'digest') throw new Error(`expected a digest, got ${digest.view.kind}`);
    expect(digest.view.groupLabel).toBe('students of your open cases');
    expect(digest.view.scored).toBe(own.size);
    for (const row of digest.view.sections.flatMap((s) => s.rows)) expect(own.has(row.studentId)).toBe(true);
  });

  it('answers what it does not understand, and snoozing where no digest is linked, with a plain notice', async () => {
    const tutor = staffWithRole(world, 'tutor');
    const unknown = await world.app.command(contextFor(tutor), 'make me a sandwich');
    expect(unknown.view).toMatchObject({ kind: 'notice', tone: 'info', title: 'Not understood' });
    const tutee = world.students.find((s) => s.tutorId === tutor.id)!;
    const snooze = await world.app.action(
      contextFor(tutor),
      chatActionSchema.parse({ op: 'snooze', studentId: tutee.id }),
    );
    expect(snooze.view).toMatchObject({ kind: 'notice', title: 'No digest here' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCase } from '../../src/cases/caseService.ts';
import { chatActionSchema } from '../../src/chat/actions.ts';
import type { Staff, Student } from '../../src/domain/model.ts';
import { contextFor, openChatWorld, staffWithRole, type ChatWorld } from './support.ts';

describe('acting on a student from chat', () => {
  let world: ChatWorld;
  let tutor: Staff;
  let tutees: Student[];

  beforeAll(async () => {
    world = await openChatWorld();
    tutor = staffWithRole(world, 'tutor');
    tutees = world.students.filter((s) => s.tutorId === tutor.id && s.status === 'active');
  }, 60_000);
  afterAll(async () => world.close());

  const act = (input: unknown, staff: Staff = tutor) =>
    world.app.action(contextFor(staff), chatActionSchema.parse(input));

  it('log contact opens a form with today as the date, and logging refreshes the card with the confirmation', async () => {
    const student = tutees[0]!;
    const form = await act({ op: 'openContactForm', studentId: student.id });
    expect(form.mode).toBe('modal');
    expect(form.view).toMatchObject({ kind: 'form', form: 'log-contact', student: { id: student.id } });
    if (form.view.kind !== 'form') throw new Error('expected a form');
    expect(form.view.fields.find((f) => f.id === 'date')).toMatchObject({ value: '2026-12-01' });

    const submitted = {
      ...form.view.submit.action,
      channel: 'call',
      note: 'Talked through the lab deadlines',
    };
    const logged = await act(submitted);
    expect(logged.mode).toBe('update');
    expect(logged.view).toMatchObject({
      kind: 'student',
      confirmation: `Contact logged by ${tutor.name}, 10:32`,
      daysSinceContact: 0,
    });
    if (logged.view.kind !== 'student') throw new Error('expected the student card');
    expect(logged.view.contacts[0]).toMatchObject({
      channel: 'call',
      by: tutor.name,
      note: 'Talked through the lab deadlines',
    });
  });

  it('a contact dated in the future is refused and nothing is saved', async () => {
    const student = tutees[1]!;
    const before = await world.seeded.repos.contacts.contactsFor(student.id);
    const response = await act({
      op: 'logContact',
      studentId: student.id,
      channel: 'email',
      date: '2026-12-25',
    });
    expect(response.view).toMatchObject({ kind: 'notice', tone: 'warning' });
    expect(await world.seeded.repos.contacts.contactsFor(student.id)).toEqual(before);
  });

  it('opening a case twice gives one case, the second reason on its timeline', async () => {
    const student = tutees.find((s) => world.seeded.institution.cases.every((c) => c.studentId !== s.id))!;
    const form = await act({ op: 'openCaseForm', studentId: student.id });
    expect(form.view).toMatchObject({ kind: 'form', form: 'open-case' });
    if (form.view.kind !== 'form') throw new Error('expected a form');
    const owner = form.view.fields.find((f) => f.id === 'ownerId');
    expect(owner).toMatchObject({ kind: 'choice', value: tutor.id });

    const first = await act({ op: 'openCase', studentId: student.id, reason: 'Missed three weeks of labs' });
    expect(first.view).toMatchObject({
      kind: 'student',
      confirmation: `Case opened by ${tutor.name}, 10:32`,
    });
    const second = await act({ op: 'openCase', studentId: student.id, reason: 'No reply to two emails' });
    expect(second.view).toMatchObject({
      kind: 'student',
      confirmation: `Added to the open case by ${tutor.name}, 10:32`,
    });
    const cases = await world.seeded.repos.cases.listCases({ studentId: student.id });
    expect(cases).toHaveLength(1);
    expect(cases[0]!.ownerId).toBe(tutor.id);
    expect(cases[0]!.timeline.map((entry) => entry.text)).toEqual([
      'Missed three weeks of labs',
      'No reply to two emails',
    ]);

    const shown = await act({ op: 'showCase', caseId: cases[0]!.id });
    expect(shown.view).toMatchObject({
      kind: 'case',
      caseId: cases[0]!.id,
      owner: tutor.name,
      status: 'open',
    });
    const noted = await act({ op: 'addCaseNote', caseId: cases[0]!.id, note: 'Meeting booked for Thursday' });
    expect(noted.mode).toBe('update');
    expect(noted.view).toMatchObject({ kind: 'case', confirmation: `Note added by ${tutor.name}, 10:32` });
    if (noted.view.kind !== 'case') throw new Error('expected the case card');
    expect(noted.view.timeline.at(-1)).toMatchObject({
      kind: 'note',
      text: 'Meeting booked for Thursday',
      by: tutor.name,
    });
    const audit = await world.seeded.repos.audit.forStudent(student.id);
    expect(audit.filter((entry) => entry.action === 'view-case')).toHaveLength(2);
  });

  it('a case can be given to a caseworker, who can then see the student', async () => {
    const caseworker = staffWithRole(world, 'caseworker');
    const student = tutees.find(
      (s) => s.id !== tutees[0]!.id && world.seeded.institution.cases.every((c) => c.studentId !== s.id),
    )!;
    const before = await act({ op: 'showStudent', studentId: student.id }, caseworker);
    expect(before.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    await act({
      op: 'openCase',
      studentId: student.id,
      reason: 'Referral to student support',
      ownerId: caseworker.id,
    });
    const after = await act({ op: 'showStudent', studentId: student.id }, caseworker);
    expect(after.view).toMatchObject({ kind: 'student', activeCase: { owner: caseworker.name } });
    const [owned] = await world.seeded.repos.cases.listCases({ studentId: student.id });
    await closeCase(
      world.seeded.repos,
      { caseId: owned!.id, outcome: 'Back at lectures' },
      { now: new Date('2026-12-01T11:00:00Z'), actorStaffId: caseworker.id },
    );
    const closed = await act({ op: 'showStudent', studentId: student.id }, caseworker);
    expect(closed.view).toMatchObject({ kind: 'student', activeCase: null });
  });

  it('a case cannot be given to an owner the form does not offer (a forged ownerId)', async () => {
    const manager = world.staff.find(
      (staff) => staff.id !== tutor.id && !staff.roles.includes('caseworker'),
    )!;
    const student = tutees.find(
      (s) => s.id !== tutees[0]!.id && world.seeded.institution.cases.every((c) => c.studentId !== s.id),
    )!;
    const response = await act({
      op: 'openCase',
      studentId: student.id,
      reason: 'Forged owner',
      ownerId: manager.id,
    });
    expect(response.view).toMatchObject({ kind: 'notice', tone: 'warning' });
    expect(await world.seeded.repos.cases.listCases({ ownerId: manager.id })).toEqual([]);
  });

  it('acting on a student the tutor may not see is refused and changes nothing', async () => {
    const other = world.students.find(
      (s) => s.tutorId !== tutor.id && !tutor.programmeIds.includes(s.programmeId),
    )!;
    const response = await act({ op: 'openCase', studentId: other.id, reason: 'Not mine' });
    expect(response.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    expect(await world.seeded.repos.cases.listCases({ studentId: other.id, ownerId: tutor.id })).toEqual([]);
    const contact = await act({ op: 'logContact', studentId: other.id, channel: 'call' });
    expect(contact.view).toMatchObject({ kind: 'notice', tone: 'denied' });
  });
});

/**
 * "Known reason" through the chat core: from a digest row, the form sets an exemption that leaves the
 * student out of the digest until its last day (inclusive) and marks the card; the first digest after it
 * puts them back marked returning; the last day must be after today and at most eight weeks ahead; only
 * staff entitled to the student may set one, and only an administrator may end one early.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatActionSchema, type ChatAction } from '../../src/chat/actions.ts';
import type { DigestView, StudentListRow } from '../../src/chat/views/viewModel.ts';
import type { Staff } from '../../src/domain/model.ts';
import { contextFor, openChatWorld, staffWithRole, type ChatWorld } from './support.ts';

const TODAY = new Date('2026-12-01T10:32:00Z');
const at = (iso: string) => new Date(iso);

describe('known reason exemptions in chat', () => {
  let world: ChatWorld;
  let tutor: Staff;
  /** A tutor who is also an administrator, over the same students. */
  let adminTutor: Staff;

  beforeAll(async () => {
    world = await openChatWorld({ students: 300 });
    tutor = staffWithRole(world, 'tutor');
    adminTutor = { ...tutor, id: 'STF-ADMIN-TUTOR', name: 'Ada Admin', email: 'ada.admin@example.ac.uk' };
    adminTutor.roles = ['tutor', 'admin'];
    adminTutor.programmeIds = [...tutor.programmeIds];
    await world.seeded.repos.institution.saveStaff([adminTutor]);
  }, 60_000);
  afterAll(async () => world.close());

  const act = (staff: Staff, action: ChatAction, now = TODAY) =>
    world.app.action(contextFor(staff, {}, { now }), chatActionSchema.parse(action));
  const digest = async (now: Date): Promise<DigestView> => {
    const response = await world.app.command(contextFor(tutor, {}, { now }), 'digest');
    if (response.view.kind !== 'digest') throw new Error(`expected a digest, got ${response.view.kind}`);
    return response.view;
  };
  const rowOf = (view: DigestView, studentId: string): StudentListRow | undefined =>
    view.sections.flatMap((section) => section.rows).find((row) => row.studentId === studentId);
  /** The first declining student the digest lists today (earlier tests' students are exempt by now). */
  const declining = async () => {
    const row = (await digest(TODAY)).sections.find((s) => s.key === 'declining')?.rows[0];
    if (!row) throw new Error('the tutor’s digest lists too few declining students');
    return row;
  };

  it('hides the student from the digest through the last day, marks the card, and marks them returning after', async () => {
    const row = await declining();
    const knownReason = row.buttons?.find((button) => button.label === 'Known reason');
    expect(knownReason?.action).toEqual({ op: 'openExemptionForm', studentId: row.studentId });

    const form = await act(tutor, knownReason!.action);
    expect(form.mode).toBe('modal');
    if (form.view.kind !== 'form') throw new Error('expected the form');
    expect(form.view.form).toBe('known-reason');
    expect(form.view.fields.map((field) => field.id)).toEqual(['category', 'note', 'until']);
    const category = form.view.fields[0]!;
    if (category.kind !== 'choice') throw new Error('expected a choice');
    expect(category.options.map((option) => option.label)).toEqual([
      'Illness',
      'Bereavement',
      'Placement',
      'Caring responsibility',
      'Other',
    ]);

    const set = await act(tutor, {
      ...(form.view.submit.action as Extract<ChatAction, { op: 'setExemption' }>),
      category: 'bereavement',
      note: 'Family funeral abroad',
      until: '2026-12-10',
    });
    expect(set.mode).toBe('update');
    if (set.view.kind !== 'student') throw new Error(`expected the card, got ${JSON.stringify(set.view)}`);
    expect(set.view.confirmation).toBe(
      `Known reason set by ${tutor.name}, 10:32: left out of digests and alerts until 2026-12-10`,
    );
    expect(set.view.notes[0]).toMatch(
      /^Exempt until 2026-12-10 \(bereavement\): Family funeral abroad \(set by /,
    );
    expect(set.view.buttons.map((b) => b.label)).not.toContain('Known reason');
    expect(await world.seeded.repos.audit.forStudent(row.studentId)).toContainEqual(
      expect.objectContaining({ actor: tutor.id, action: 'exemption-set' }),
    );

    const hidden = await digest(TODAY);
    expect(rowOf(hidden, row.studentId)).toBeUndefined();
    expect(hidden.notListed?.knownReason).toBe(1);
    // The last day itself, late in the evening: still left out.
    expect(rowOf(await digest(at('2026-12-10T22:30:00Z')), row.studentId)).toBeUndefined();
    // The first digest built the day after: back, marked returning.
    const back = await digest(at('2026-12-11T07:00:00Z'));
    expect(rowOf(back, row.studentId)).toMatchObject({ returning: true });
    expect(back.notListed?.knownReason ?? 0).toBe(0);
    // A week after that: an ordinary row again.
    expect(rowOf(await digest(at('2026-12-18T07:00:00Z')), row.studentId)?.returning).toBeUndefined();

    // Looking the student up while exempt still shows them, with the marker.
    const card = await world.app.command(
      contextFor(tutor, {}, { now: at('2026-12-05T09:00:00Z') }),
      `student ${row.studentId}`,
    );
    if (card.view.kind !== 'student') throw new Error('expected the card');
    expect(card.view.notes[0]).toContain('Exempt until 2026-12-10 (bereavement)');
    expect(card.view.score).not.toBeNull();
  });

  it('says plainly when the last day is not after today or more than eight weeks ahead, or the input is malformed', async () => {
    const row = await declining();
    const setting = (until: string) => ({
      op: 'setExemption' as const,
      studentId: row.studentId,
      category: 'illness' as const,
      until,
    });
    for (const [until, message] of [
      ['2026-12-01', 'The last day must be after today (2026-12-01).'],
      ['2026-11-20', 'The last day must be after today (2026-12-01).'],
      ['2027-01-27', 'The last day can be at most 8 weeks ahead: 2027-01-26 or earlier.'],
    ] as const) {
      const refused = await act(tutor, setting(until));
      expect(refused.view).toMatchObject({ kind: 'notice', title: 'Known reason not set', text: message });
    }
    expect(chatActionSchema.safeParse(setting('2026-02-30')).success).toBe(false);
    expect(chatActionSchema.safeParse({ ...setting('2026-12-20'), category: 'holiday' }).success).toBe(false);
    expect(chatActionSchema.safeParse({ ...setting('2026-12-20'), note: 'x'.repeat(201) }).success).toBe(
      false,
    );
    expect(await world.seeded.repos.exemptions.currentFor(row.studentId, '2026-12-02')).toBeNull();

    // The furthest allowed day is accepted; a second one while exempt is refused.
    expect((await act(tutor, setting('2027-01-26'))).view.kind).toBe('student');
    expect((await act(tutor, setting('2026-12-20'))).view).toMatchObject({
      kind: 'notice',
      text: expect.stringContaining('Exempt until 2027-01-26 (illness) already'),
    });
  });

  it('refuses staff not entitled to the student, and lets only an administrator end one early', async () => {
    const row = await declining();
    const student = world.students.find((s) => s.id === row.studentId)!;
    const stranger = staffWithRole(
      world,
      'tutor',
      (staff) => staff.id !== student.tutorId && !staff.programmeIds.includes(student.programmeId),
    );
    const refused = await act(stranger, { op: 'openExemptionForm', studentId: row.studentId });
    expect(refused.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    const notSet = await act(stranger, {
      op: 'setExemption',
      studentId: row.studentId,
      category: 'other',
      until: '2026-12-12',
    });
    expect(notSet.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    expect(await world.seeded.repos.exemptions.currentFor(row.studentId, '2026-12-02')).toBeNull();

    const set = await act(tutor, {
      op: 'setExemption',
      studentId: row.studentId,
      category: 'illness',
      until: '2026-12-12',
    });
    if (set.view.kind !== 'student') throw new Error('expected the card');
    expect(set.view.buttons.map((b) => b.label)).not.toContain('End exemption');
    const exemption = (await world.seeded.repos.exemptions.currentFor(row.studentId, '2026-12-01'))!;
    expect((await act(tutor, { op: 'endExemption', exemptionId: exemption.id })).view).toMatchObject({
      kind: 'notice',
      tone: 'denied',
      text: 'Only an administrator can end an exemption early.',
    });

    const later = at('2026-12-04T09:15:00Z');
    const adminCard = await act(adminTutor, { op: 'showStudent', studentId: row.studentId }, later);
    if (adminCard.view.kind !== 'student') throw new Error('expected the card');
    const end = adminCard.view.buttons.find((b) => b.label === 'End exemption');
    expect(end?.action).toEqual({ op: 'endExemption', exemptionId: exemption.id });
    const ended = await act(adminTutor, end!.action, later);
    if (ended.view.kind !== 'student') throw new Error('expected the card');
    expect(ended.view.confirmation).toBe(
      'Exemption ended early by Ada Admin, 09:15: back in digests and alerts from today',
    );
    expect(ended.view.notes.join(' ')).not.toContain('Exempt until');
    expect(ended.view.buttons.map((b) => b.label)).toContain('Known reason');
    expect(await world.seeded.repos.exemptions.byId(exemption.id)).toMatchObject({
      lastDay: '2026-12-03',
      until: '2026-12-12',
      endedEarly: { by: adminTutor.id, at: later },
    });
    expect(await world.seeded.repos.audit.forStudent(row.studentId)).toContainEqual(
      expect.objectContaining({ actor: adminTutor.id, action: 'exemption-ended-early' }),
    );
    // Back in the same day's digest, marked returning.
    expect(rowOf(await digest(later), row.studentId)).toMatchObject({ returning: true });
  });
});

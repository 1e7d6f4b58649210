import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addCaseNote,
  caseById,
  changeCaseStatus,
  closeCase,
  openOrAppendCase,
} from '../../src/cases/caseService.ts';
import { logContact } from '../../src/cases/contactService.ts';
import { CaseServiceError } from '../../src/cases/errors.ts';
import type { Student } from '../../src/domain/model.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';

const NOW = new Date('2026-04-20T09:00:00Z');
const TUTOR = { now: NOW, actorStaffId: 'staff-tutor-1' };

describe('case and contact services on the seeded store', () => {
  let seeded: SeededStore;
  let withoutCase: Student[];
  beforeAll(async () => {
    seeded = await openSeededStore({ students: 120, weeks: 6, startWeek: '2026-W10' });
    const active = await seeded.repos.cases.studentsWithActiveCase();
    withoutCase = seeded.institution.students.filter((s) => !active.has(s.id));
  });
  afterAll(async () => seeded.close());

  const casesOf = (studentId: string) => seeded.repos.cases.listCases({ studentId });

  it('opens a case with its opening on the timeline, then appends to it instead of opening a second', async () => {
    const student = withoutCase[0]!;
    const first = await openOrAppendCase(
      seeded.repos,
      { studentId: student.id, reason: 'Missed three seminars' },
      TUTOR,
    );
    expect(first.created).toBe(true);
    expect(first.case).toMatchObject({ studentId: student.id, ownerId: TUTOR.actorStaffId, status: 'open' });
    expect(first.case.timeline).toEqual([
      { at: NOW, kind: 'opened', text: 'Missed three seminars', by: TUTOR.actorStaffId },
    ]);

    const later = { now: new Date('2026-04-27T09:00:00Z'), actorStaffId: 'engage' };
    const second = await openOrAppendCase(
      seeded.repos,
      { studentId: student.id, reason: 'Score below 300 for two weeks', source: 'alert' },
      later,
    );
    expect(second.created).toBe(false);
    expect(second.case.id).toBe(first.case.id);
    expect(second.case.timeline.at(-1)).toEqual({
      at: later.now,
      kind: 'alert',
      text: 'Score below 300 for two weeks',
      by: 'engage',
    });
    expect(await casesOf(student.id)).toHaveLength(1);
  });

  it('a seeded student with an open case gets a timeline entry, not a second case', async () => {
    const seededCase = seeded.institution.cases[0]!;
    const result = await openOrAppendCase(
      seeded.repos,
      { studentId: seededCase.studentId, reason: 'Tutor concerned', ownerId: 'staff-x' },
      TUTOR,
    );
    expect(result.created).toBe(false);
    expect(result.case.ownerId).toBe(seededCase.ownerId);
    expect(result.case.timeline.map((entry) => entry.kind)).toEqual(['opened', 'note']);
    expect(await casesOf(seededCase.studentId)).toHaveLength(1);
  });

  it('two requests racing for the same student end with one case holding both reasons', async () => {
    const student = withoutCase[1]!;
    const results = await Promise.all([
      openOrAppendCase(seeded.repos, { studentId: student.id, reason: 'first' }, TUTOR),
      openOrAppendCase(seeded.repos, { studentId: student.id, reason: 'second' }, TUTOR),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const [only] = await casesOf(student.id);
    expect(await casesOf(student.id)).toHaveLength(1);
    expect(only!.timeline.map((entry) => entry.text).sort()).toEqual(['first', 'second']);
  });

  it('a logged contact resets days since contact and lands on the active case timeline', async () => {
    const student = withoutCase[2]!;
    const { case: opened } = await openOrAppendCase(
      seeded.repos,
      { studentId: student.id, reason: 'Low' },
      TUTOR,
    );
    const at = new Date('2026-04-19T15:00:00Z');
    const logged = await logContact(
      seeded.repos,
      { studentId: student.id, channel: 'call', note: 'Talked about deadlines', at },
      TUTOR,
    );
    expect(logged.caseId).toBe(opened.id);
    expect((await seeded.repos.contacts.lastContactByStudent(NOW)).get(student.id)).toEqual(at);
    const after = await seeded.repos.cases.caseById(opened.id);
    expect(after!.timeline.at(-1)).toEqual({
      at,
      kind: 'contact',
      text: 'contact by call: Talked about deadlines',
      by: TUTOR.actorStaffId,
    });
  });

  it('a contact for a student without a case is saved with no case touched', async () => {
    const student = withoutCase[3]!;
    const logged = await logContact(seeded.repos, { studentId: student.id, channel: 'email' }, TUTOR);
    expect(logged.caseId).toBeNull();
    expect((await seeded.repos.contacts.contactsFor(student.id, 1))[0]).toMatchObject({
      staffId: TUTOR.actorStaffId,
      channel: 'email',
      at: NOW,
    });
    expect(await casesOf(student.id)).toHaveLength(0);
  });

  it('refuses contacts in the future, unknown students and over-long notes, saving nothing', async () => {
    const student = withoutCase[4]!;
    const attempts = [
      { studentId: student.id, channel: 'call' as const, at: new Date('2026-04-21T00:00:00Z') },
      { studentId: 'no-such-student', channel: 'call' as const },
      { studentId: student.id, channel: 'meeting' as const, note: 'x'.repeat(501) },
    ];
    const before = await seeded.repos.contacts.contactsFor(student.id);
    for (const attempt of attempts) {
      await expect(logContact(seeded.repos, attempt, TUTOR)).rejects.toBeInstanceOf(CaseServiceError);
    }
    expect(await seeded.repos.contacts.contactsFor(student.id)).toEqual(before);
  });

  it('moves a case to monitoring, closes it with an outcome, and keeps it closed', async () => {
    const student = withoutCase[5]!;
    const { case: opened } = await openOrAppendCase(
      seeded.repos,
      { studentId: student.id, reason: 'Low' },
      TUTOR,
    );
    const monitoring = await changeCaseStatus(
      seeded.repos,
      { caseId: opened.id, status: 'monitoring', note: 'Attending again' },
      TUTOR,
    );
    expect(monitoring.status).toBe('monitoring');
    expect((await seeded.repos.cases.studentsWithActiveCase()).has(student.id)).toBe(true);

    await expect(closeCase(seeded.repos, { caseId: opened.id, outcome: '  ' }, TUTOR)).rejects.toThrow(
      /outcome must not be empty/,
    );
    const closed = await closeCase(
      seeded.repos,
      { caseId: opened.id, outcome: 'Re-engaged with studies' },
      TUTOR,
    );
    expect(closed).toMatchObject({ status: 'closed', outcome: 'Re-engaged with studies', closedAt: NOW });
    expect(closed.timeline.filter((e) => e.kind === 'status').map((e) => e.text)).toEqual([
      'open → monitoring; Attending again',
      'monitoring → closed; outcome: Re-engaged with studies',
    ]);
    expect((await seeded.repos.cases.studentsWithActiveCase()).has(student.id)).toBe(false);
    await expect(
      changeCaseStatus(seeded.repos, { caseId: opened.id, status: 'open' }, TUTOR),
    ).rejects.toMatchObject({ code: 'closed' });

    const reopened = await openOrAppendCase(
      seeded.repos,
      { studentId: student.id, reason: 'Low again' },
      TUTOR,
    );
    expect(reopened.created).toBe(true);
    expect(await casesOf(student.id)).toHaveLength(2);
  });

  it('adds notes to a case and says which case or field is wrong', async () => {
    const student = withoutCase[6]!;
    const { case: opened } = await openOrAppendCase(
      seeded.repos,
      { studentId: student.id, reason: 'Low' },
      TUTOR,
    );
    const noted = await addCaseNote(
      seeded.repos,
      { caseId: opened.id, note: 'Score down 120 in four weeks' },
      TUTOR,
    );
    expect(noted.timeline.at(-1)).toMatchObject({ kind: 'note', text: 'Score down 120 in four weeks' });
    await expect(addCaseNote(seeded.repos, { caseId: 'nope', note: 'x' }, TUTOR)).rejects.toMatchObject({
      code: 'not-found',
      message: 'no case with id "nope"',
    });
    await expect(
      addCaseNote(seeded.repos, { caseId: opened.id, note: 'x'.repeat(1001) }, TUTOR),
    ).rejects.toThrow(/note must be at most 1000 characters/);
  });

  it('looking at a case is audited against its student', async () => {
    const seededCase = seeded.institution.cases[0]!;
    const stored = await seeded.repos.cases.activeCaseFor(seededCase.studentId);
    const viewed = await caseById(seeded.repos, stored!.id, { ...TUTOR, where: 'slack:C1' });
    expect(viewed.studentId).toBe(seededCase.studentId);
    expect((await seeded.repos.audit.forStudent(seededCase.studentId))[0]).toMatchObject({
      actor: TUTOR.actorStaffId,
      action: 'view-case',
      where: 'slack:C1',
    });
  });
});

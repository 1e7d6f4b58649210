/**
 * What the student tests share: the words that would make a student's view a verdict, a student of the
 * chat world with scored weeks, and switching the student view on or off with who and why.
 */
import type { Staff, Student } from '../../src/domain/model.ts';
import type { StudentViewSettings } from '../../src/students/settings.ts';
import type { ChatWorld } from '../chat/support.ts';

/** Words that would turn a description of a student into a verdict or a staff label. */
export const VERDICT =
  /\b(at risk|risk|concern|declining|disengag\w*|fail\w*|consistently low|priority|band|flagged|withdrawn)\b/i;

/** An active student with a tutor, and that tutor. */
export function studentAndTutor(world: ChatWorld): { student: Student; tutor: Staff } {
  const student = world.students.find(
    (s) => s.status === 'active' && world.staff.some((staff) => staff.id === s.tutorId),
  );
  if (!student) throw new Error('no active student with a tutor in the chat world');
  return { student, tutor: world.staff.find((staff) => staff.id === student.tutorId)! };
}

/** Changes the student view settings as an administrator would, with a reason. */
export async function setStudentView(world: ChatWorld, update: Partial<StudentViewSettings>): Promise<void> {
  const current = await world.seeded.repos.studentView.settings();
  const changed = Object.entries(update).some(
    ([field, value]) => current[field as keyof StudentViewSettings] !== value,
  );
  if (!changed) return;
  await world.seeded.repos.studentView.change(update, {
    by: 'test-admin',
    why: 'student tests',
    at: new Date('2026-11-30T09:00:00Z'),
  });
}

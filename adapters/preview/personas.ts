/**
 * Who the local preview lets you act as: a personal tutor with tutees, a director of studies, a
 * student-support caseworker and a manager, picked from the staff in the store (the demo's synthetic
 * institution). Chosen once per server and cached; only these staff can be acted as.
 */
import type { Repositories } from '../../src/repositories/index.ts';

export interface PreviewPersona {
  /** The staff id. */
  id: string;
  name: string;
  email: string;
  /** "Personal tutor", "Manager", … */
  role: string;
  /** What they will see: "24 tutees", "aggregates only". */
  detail: string;
}

export async function choosePersonas(repos: Repositories): Promise<PreviewPersona[]> {
  const [tutors, caseworkers, managers, students] = await Promise.all([
    repos.staff.withRole('tutor'),
    repos.staff.withRole('caseworker'),
    repos.staff.withRole('manager'),
    repos.institution.listStudents(),
  ]);
  const tutees = new Map<string, number>();
  for (const student of students) tutees.set(student.tutorId, (tutees.get(student.tutorId) ?? 0) + 1);
  const byTutees = [...tutors].sort((a, b) => (tutees.get(b.id) ?? 0) - (tutees.get(a.id) ?? 0));
  const personalTutor = byTutees.find((tutor) => tutor.programmeIds.length === 0) ?? byTutees[0];
  const director = byTutees.find((tutor) => tutor.programmeIds.length > 0 && tutor !== personalTutor);

  const personas: PreviewPersona[] = [];
  const add = (
    staff: { id: string; name: string; email: string } | undefined,
    role: string,
    detail: string,
  ) => {
    if (staff) personas.push({ id: staff.id, name: staff.name, email: staff.email, role, detail });
  };
  add(personalTutor, 'Personal tutor', `${tutees.get(personalTutor?.id ?? '') ?? 0} tutees`);
  add(director, 'Director of studies', `${tutees.get(director?.id ?? '') ?? 0} tutees and their programme`);
  add(caseworkers[0], 'Student-support caseworker', 'students with a support case');
  add(managers[0], 'Manager', 'aggregates only, never a name');
  return personas;
}

/**
 * The synthetic staff and personal-tutor allocation: each programme gets about one tutor per 40 of its
 * students (the first of them its director of studies, who sees the whole programme), then a couple of
 * student-support caseworkers, a manager and an administrator. Fills in the generated students' `tutorId`.
 */
import type { Staff, StaffRole, Student } from '../domain/model.ts';
import { PROGRAMME_SPECS } from './catalogue.ts';
import { FIRST_NAMES, LAST_NAMES, emailSlug } from './names.ts';
import type { Random } from './random.ts';

const TUTEES_PER_TUTOR = 40;
const STUDENTS_PER_CASEWORKER = 2500;
const TITLES = ['Dr ', 'Dr ', 'Prof ', ''];

class StaffDirectory {
  readonly staff: Staff[] = [];
  private readonly emails = new Set<string>();

  constructor(private readonly rng: Random) {}

  add(roles: StaffRole[], programmeIds: string[], titled: boolean): Staff {
    const firstName = this.rng.pick(FIRST_NAMES);
    const lastName = this.rng.pick(LAST_NAMES);
    const title = titled ? this.rng.pick(TITLES) : '';
    const local = `${emailSlug(firstName)}.${emailSlug(lastName)}`;
    let email = `${local}@example.ac.uk`;
    for (let n = 2; this.emails.has(email); n += 1) email = `${local}${n}@example.ac.uk`;
    this.emails.add(email);
    const member: Staff = {
      id: `STF${String(this.staff.length + 1).padStart(4, '0')}`,
      name: `${title}${firstName} ${lastName}`,
      email,
      roles,
      programmeIds,
    };
    this.staff.push(member);
    return member;
  }
}

/** Creates the staff and sets each student's `tutorId` (the students are the generator's own, fresh). */
export function staffAndTutors(rng: Random, students: Student[]): Staff[] {
  const directory = new StaffDirectory(rng);
  const byProgramme = new Map<string, Student[]>(PROGRAMME_SPECS.map((spec) => [spec.id, []]));
  for (const student of students) byProgramme.get(student.programmeId)?.push(student);
  for (const spec of PROGRAMME_SPECS) {
    const members = byProgramme.get(spec.id) ?? [];
    if (members.length === 0) continue;
    const tutorCount = Math.max(1, Math.round(members.length / TUTEES_PER_TUTOR));
    const tutors = Array.from({ length: tutorCount }, (_, i) =>
      directory.add(['tutor'], i === 0 ? [spec.id] : [], true),
    );
    rng.shuffle(members).forEach((student, position) => {
      student.tutorId = (tutors[position % tutorCount] as Staff).id;
    });
  }
  const caseworkers = Math.max(2, Math.round(students.length / STUDENTS_PER_CASEWORKER));
  for (let i = 0; i < caseworkers; i += 1) directory.add(['caseworker'], [], false);
  directory.add(['manager'], [], true);
  directory.add(['admin'], [], false);
  return directory.staff;
}

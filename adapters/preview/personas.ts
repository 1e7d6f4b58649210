/**
 * Who the local preview lets you act as: a personal tutor with tutees, a director of studies, a
 * student-support caseworker, a manager and an administrator (whose conversation is the admins' channel,
 * for feed-health cards), picked from the staff in the store (the demo's synthetic institution), and one
 * of the personal tutor's tutees as a student (their own view only). Chosen once per server and cached;
 * only these people can be acted as.
 */
import type { LinkedGroup } from '../../src/repositories/channelLinks.ts';
import type { Repositories } from '../../src/repositories/index.ts';

export interface PreviewPersona {
  /** The staff id, or the student id of the student persona. */
  id: string;
  name: string;
  email: string;
  /** "Personal tutor", "Manager", … */
  role: string;
  /** What they will see: "24 tutees", "aggregates only". */
  detail: string;
  /**
   * The group the persona's preview conversation is linked to, as a tutor's channel would be, so what
   * needs a linked channel (snooze) can be tried, or the admins' channel for the administrator; null
   * where a link would change what they see.
   */
  channelGroup: LinkedGroup | null;
}

/** The preview conversation of a persona: one per persona, like a tutor's own channel. */
export function previewChannelId(personaId: string): string {
  return `preview-${personaId}`;
}

export async function choosePersonas(repos: Repositories): Promise<PreviewPersona[]> {
  const [tutors, caseworkers, managers, admins, students] = await Promise.all([
    repos.staff.withRole('tutor'),
    repos.staff.withRole('caseworker'),
    repos.staff.withRole('manager'),
    repos.staff.withRole('admin'),
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
    channelGroup: LinkedGroup | null = null,
  ) => {
    if (staff)
      personas.push({ id: staff.id, name: staff.name, email: staff.email, role, detail, channelGroup });
  };
  const snoozable = ', in a channel linked to them (snooze works here)';
  const personalGroup = ownGroup(personalTutor, students);
  add(
    personalTutor,
    'Personal tutor',
    `${tutees.get(personalTutor?.id ?? '') ?? 0} tutees${personalGroup ? snoozable : ''}`,
    personalGroup,
  );
  const directorGroup = ownGroup(director, students);
  add(
    director,
    'Director of studies',
    `${tutees.get(director?.id ?? '') ?? 0} tutees and their programme${directorGroup ? snoozable : ''}`,
    directorGroup,
  );
  add(caseworkers[0], 'Student-support caseworker', 'students with a support case');
  add(managers[0], 'Manager', 'aggregates only, never a name');
  add(admins[0], 'Administrator', "in the admins' channel: feed-health cards (the feed health button)", {
    kind: 'admins',
  });
  add(
    students.find((student) => student.tutorId === personalTutor?.id && student.status === 'active'),
    'Student',
    'their own engagement and context notes only, once the student view is on (engage student-view on --why …)',
  );
  return personas;
}

/**
 * The one linked group that is exactly what a tutor sees anyway — their tutees, or the one programme they
 * lead when all their tutees are in it — so linking their preview conversation to it changes nothing but
 * what needs a link; null when no single group is.
 */
function ownGroup(
  tutor: { id: string; programmeIds: readonly string[] } | undefined,
  students: readonly { tutorId: string; programmeId: string }[],
): LinkedGroup | null {
  if (!tutor) return null;
  if (tutor.programmeIds.length === 0) return { kind: 'tutor', staffId: tutor.id };
  const [programmeId] = tutor.programmeIds;
  const tuteesOutside = students.some((s) => s.tutorId === tutor.id && s.programmeId !== programmeId);
  if (tutor.programmeIds.length > 1 || programmeId === undefined || tuteesOutside) return null;
  return { kind: 'programme', programmeId, yearOfStudy: null };
}

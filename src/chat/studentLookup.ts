/**
 * Showing a named student in chat: find by id or name, check the viewer may see them (a denial is said
 * plainly and audited as denied), then the card, audited as a view of the student (who, when, where). Names matching
 * several students offer only those the viewer may see.
 */
import type { Student } from '../domain/model.ts';
import { entitlementTo, seesNames, type Viewer } from './access.ts';
import type { ChatCore } from './core.ts';
import { MAX_CANDIDATES, NAME_SEARCH_LIMIT } from './limits.ts';
import { denied, notice } from './notices.ts';
import type { ChatResponse } from './ports.ts';
import { buildStudentCard } from './studentCard.ts';
import { studentCardData } from './studentCardData.ts';
import type { ChooseStudentView, StudentCardView, View } from './views.ts';

/** The audit actions of a look at a student card (the same as the CLI's) and of a refused one. */
const VIEW_ACTION = 'view-student';
const DENIED_ACTION = 'view-student-denied';

/** May the viewer see this student? Reads the student's cases only for a caseworker who needs them. */
async function mayView(core: ChatCore, viewer: Viewer, student: Student): Promise<boolean> {
  if (entitlementTo(viewer, student, []) !== null) return true;
  if (!viewer.roles.has('caseworker')) return false;
  const active = await core.repos.cases.activeCaseFor(student.id);
  if (active) return entitlementTo(viewer, student, [active]) !== null;
  const owned = await core.repos.cases.listCases({ studentId: student.id, ownerId: viewer.staff.id }, 1);
  return entitlementTo(viewer, student, owned) !== null;
}

async function recordDenied(core: ChatCore, viewer: Viewer, studentId: string, now: Date): Promise<void> {
  await core.repos.audit.record({
    at: now,
    actor: viewer.staff.id,
    studentId,
    action: DENIED_ACTION,
    where: viewer.where,
  });
}

function deniedStudent(viewer: Viewer): View {
  return denied(
    seesNames(viewer)
      ? 'You can see your own tutees, the programmes you lead and the students of the group linked to this channel. This student is not one of them, so Engage has not shown them. The request has been recorded.'
      : 'Your role sees aggregate figures only (try "bands" or "digest"), never named students. The request has been recorded.',
  );
}

/** The student, when the viewer may see them; otherwise the reply to send (denials are audited). */
export async function permittedStudent(
  core: ChatCore,
  viewer: Viewer,
  studentId: string,
  now: Date,
): Promise<{ student: Student } | { refusal: ChatResponse }> {
  const student = await core.repos.institution.findStudent(studentId);
  if (!student)
    return { refusal: reply(notice('info', 'No match', `No student has the id "${studentId}".`)) };
  if (!(await mayView(core, viewer, student))) {
    await recordDenied(core, viewer, student.id, now);
    return { refusal: reply(deniedStudent(viewer)) };
  }
  return { student };
}

/** The `student <id or name>` command. */
export async function findStudent(
  core: ChatCore,
  viewer: Viewer,
  query: string,
  now: Date,
): Promise<ChatResponse> {
  const matches = await core.repos.institution.findStudentsByIdOrName(query, NAME_SEARCH_LIMIT);
  if (matches.length === 0) {
    return reply(
      notice('info', 'No match', `No student matches "${query}". Try the student id or more of the name.`),
    );
  }
  if (matches.length === 1) return showStudent(core, viewer, matches[0] as Student, now);
  const visible: Student[] = [];
  for (const student of matches) if (await mayView(core, viewer, student)) visible.push(student);
  if (visible.length === 0) {
    return reply(denied(`"${query}" matches only students you are not entitled to see.`));
  }
  if (visible.length === 1) return showStudent(core, viewer, visible[0] as Student, now);
  return reply(await chooseStudent(core, query, visible));
}

async function chooseStudent(core: ChatCore, query: string, students: Student[]): Promise<ChooseStudentView> {
  const reference = await core.reference.get();
  const shown = students.slice(0, MAX_CANDIDATES);
  const view: ChooseStudentView = {
    kind: 'choose-student',
    query,
    candidates: shown.map((s) => ({
      id: s.id,
      name: s.name,
      detail: `${s.id} · ${reference.programme(s.programmeId)}, year ${s.yearOfStudy}`,
    })),
    buttons: shown.map((s) => ({ label: s.name, action: { op: 'showStudent', studentId: s.id } })),
  };
  if (students.length > shown.length) view.more = students.length - shown.length;
  return view;
}

/** A student by id: the `showStudent` action and every action that refreshes the card. */
export async function showStudentById(
  core: ChatCore,
  viewer: Viewer,
  studentId: string,
  now: Date,
  refresh?: { confirmation: string },
): Promise<ChatResponse> {
  const student = await core.repos.institution.findStudent(studentId);
  if (!student) return reply(notice('info', 'No match', `No student has the id "${studentId}".`));
  return showStudent(core, viewer, student, now, refresh);
}

async function showStudent(
  core: ChatCore,
  viewer: Viewer,
  student: Student,
  now: Date,
  refresh?: { confirmation: string },
): Promise<ChatResponse> {
  if (!(await mayView(core, viewer, student))) {
    await recordDenied(core, viewer, student.id, now);
    return reply(deniedStudent(viewer));
  }
  const card = await studentCard(core, viewer, student, now, refresh?.confirmation ?? null);
  return { view: card, mode: refresh ? 'update' : 'reply' };
}

/** The audited card of a student the viewer may see. */
async function studentCard(
  core: ChatCore,
  viewer: Viewer,
  student: Student,
  now: Date,
  confirmation: string | null,
): Promise<StudentCardView> {
  const { place } = viewer;
  const [view, reference, snoozedUntil] = await Promise.all([
    studentCardData(core, student, now),
    core.reference.get(),
    viewer.link ? core.repos.snoozes.snoozedUntil(place.platform, place.channelId, student.id, now) : null,
    core.repos.audit.record({
      at: now,
      actor: viewer.staff.id,
      studentId: student.id,
      action: VIEW_ACTION,
      where: viewer.where,
    }),
  ]);
  const chart =
    view.trend.length > 0
      ? await core.chart((charts) =>
          charts.trend(view.trend.map((p) => ({ week: p.week, score: p.score, sharedCause: p.sharedCause }))),
        )
      : null;
  return buildStudentCard(view, reference, {
    chart,
    confirmation,
    canSnooze: viewer.link !== null && viewer.link.group.kind !== 'managers',
    snoozedUntil,
  });
}

function reply(view: View): ChatResponse {
  return { view, mode: 'reply' };
}

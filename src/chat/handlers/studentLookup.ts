/**
 * Showing a named student in chat: find by id or name, check the viewer may see them (a denial is said
 * plainly and audited as denied), then the card, audited as a view of the student (who, when, where). Names matching
 * several students offer the best matches among those the viewer may see, and say how many more there are.
 */
import type { Student } from '../../domain/model.ts';
import { opensDirectly, rankByName } from '../../domain/nameSearch.ts';
import { namesStudents } from '../../repositories/channelLinks.ts';
import { entitlementTo, isAdmin, seesNames, type Viewer } from '../context/access.ts';
import type { ChatCore } from '../core.ts';
import { MAX_CANDIDATES, OWN_CASES_LIMIT } from '../views/displayLimits.ts';
import { denied, notice } from '../views/notices.ts';
import type { ChatResponse } from '../ports.ts';
import { buildStudentCard } from '../views/studentCard.ts';
import { studentCardData } from '../context/studentCardData.ts';
import type { ChooseStudentView, StudentCardView, View } from '../views/viewModel.ts';
import { withContextNotes } from '../../students/cardNotes.ts';
import { claimClock, LAPSED_NOTICE_MS, withClaim } from '../views/claimMarks.ts';
import { withExemption } from '../../exemptions/cardMarker.ts';

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

/** What the viewer may see, in words for a refusal: each role's own remit (see context/access.ts). */
function remitOf(viewer: Viewer): string {
  const parts: string[] = [];
  if (viewer.roles.has('tutor')) parts.push('your own tutees', 'the programmes you lead');
  if (viewer.roles.has('caseworker')) {
    parts.push('students with an active support case', 'students whose cases you own');
  }
  if (viewer.link && namesStudents(viewer.link.group)) parts.push('the group linked to this channel');
  const last = parts.pop() ?? '';
  return parts.length > 0 ? `${parts.join(', ')} and ${last}` : last;
}

function deniedStudent(viewer: Viewer): View {
  return denied(
    seesNames(viewer)
      ? `You can see ${remitOf(viewer)}. This student is not one of them, so Engage has not shown them. The request has been recorded.`
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

/**
 * A test of whether the viewer may see a student, for many students at once: a caseworker's remit (active
 * cases, cases they own) is read once rather than per student.
 */
async function entitledTest(core: ChatCore, viewer: Viewer): Promise<(student: Student) => boolean> {
  const own = (student: Student) => entitlementTo(viewer, student, []) !== null;
  if (!viewer.roles.has('caseworker')) return own;
  const [active, owned] = await Promise.all([
    core.repos.cases.studentsWithActiveCase(),
    core.repos.cases.listCases({ ownerId: viewer.staff.id }, OWN_CASES_LIMIT),
  ]);
  const ownedIds = new Set(owned.map((supportCase) => supportCase.studentId));
  return (student) => own(student) || active.has(student.id) || ownedIds.has(student.id);
}

/**
 * The `student <id or name>` command: an id opens that student (or says plainly they are not the
 * viewer's); a name offers the best matches among the students the viewer may see (exact, then prefix,
 * then contains), opening one directly only when it is the only one and the query is more than a letter.
 */
export async function findStudent(
  core: ChatCore,
  viewer: Viewer,
  query: string,
  now: Date,
): Promise<ChatResponse> {
  const matches = await core.repos.institution.findStudentsByIdOrName(query);
  if (matches.length === 0) {
    return reply(
      notice('info', 'No match', `No student matches "${query}". Try the student id or more of the name.`),
    );
  }
  const [first] = matches;
  if (matches.length === 1 && first?.id === query.trim()) return showStudent(core, viewer, first, now);
  const entitled = await entitledTest(core, viewer);
  const visible = rankByName(matches.filter(entitled), query);
  if (visible.length === 0) {
    // One student by that name: the refusal names who was asked for in the audit.
    if (first && matches.length === 1) return showStudent(core, viewer, first, now);
    return reply(denied(`"${query}" matches only students you are not entitled to see.`));
  }
  if (opensDirectly(query, visible.length)) return showStudent(core, viewer, visible[0] as Student, now);
  return reply(await chooseStudent(core, query, visible));
}

/** The best MAX_CANDIDATES of the ranked matches, and how many more there are. */
async function chooseStudent(core: ChatCore, query: string, ranked: Student[]): Promise<ChooseStudentView> {
  const reference = await core.reference.get();
  const shown = ranked.slice(0, MAX_CANDIDATES);
  const view: ChooseStudentView = {
    kind: 'choose-student',
    query,
    candidates: shown.map((s) => ({
      id: s.id,
      name: s.name,
      detail: `${reference.programme(s.programmeId)}, year ${s.yearOfStudy}`,
    })),
    buttons: [],
  };
  if (ranked.length > shown.length) view.more = ranked.length - shown.length;
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
  const [view, reference, snoozedUntil, contextNotes, claims, exemption] = await Promise.all([
    studentCardData(core, student, now),
    core.reference.get(),
    viewer.link ? core.repos.snoozes.snoozedUntil(place.platform, place.channelId, student.id, now) : null,
    core.repos.contextNotes.currentFor(student.id, core.localDate(now)),
    core.repos.claims.claimsAt([student.id], now, LAPSED_NOTICE_MS),
    core.repos.exemptions.currentFor(student.id, core.localDate(now)),
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
  const card = buildStudentCard(view, reference, {
    chart,
    confirmation,
    canSnooze: viewer.link !== null && namesStudents(viewer.link.group),
    snoozedUntil,
  });
  const claimed = withClaim(card, claims.get(student.id), claimClock(core, now, viewer.timeZone));
  const exempted = withExemption(claimed, exemption, {
    admin: isAdmin(viewer),
    staffName: (id) => reference.staff(id),
    localDate: (at) => core.localDate(at),
  });
  return withContextNotes(exempted, contextNotes, core.localDate);
}

function reply(view: View): ChatResponse {
  return { view, mode: 'reply' };
}

/**
 * Cases from chat, through the case services (src/cases): the open-case form (reason, owner defaulting to
 * the user), opening — which never duplicates: a student's active case gets a timeline entry instead —,
 * the case-note form and note, and the case card with its timeline. Every one checks the viewer may see
 * the student first; a refusal by the service is said in its own words.
 */
import { addCaseNote, caseById, openOrAppendCase } from '../../cases/caseService.ts';
import { CaseServiceError } from '../../cases/errors.ts';
import type { SupportCase } from '../../repositories/cases.ts';
import type { Student } from '../../domain/model.ts';
import type { ParsedChatAction } from '../actions.ts';
import type { Viewer } from '../context/access.ts';
import type { ChatCore } from '../core.ts';
import { caseForm, caseNoteForm } from '../views/forms.ts';
import { CASE_TIMELINE_ENTRIES, NOTE_PREVIEW_CHARS, truncate } from '../views/displayLimits.ts';
import { notice } from '../views/notices.ts';
import type { ChatResponse } from '../ports.ts';
import type { Reference } from '../context/reference.ts';
import { permittedStudent, showStudentById } from './studentLookup.ts';
import type { CaseCardView } from '../views/viewModel.ts';

type OpenCase = Extract<ParsedChatAction, { op: 'openCase' }>;
type AddNote = Extract<ParsedChatAction, { op: 'addCaseNote' }>;

const reply = (view: ChatResponse['view']): ChatResponse => ({ view, mode: 'reply' });

async function permittedCase(
  core: ChatCore,
  viewer: Viewer,
  caseId: string,
  now: Date,
): Promise<{ supportCase: SupportCase; student: Student } | { refusal: ChatResponse }> {
  const supportCase = await core.repos.cases.caseById(caseId);
  if (!supportCase)
    return { refusal: reply(notice('info', 'No such case', `No case has the id "${caseId}".`)) };
  const permitted = await permittedStudent(core, viewer, supportCase.studentId, now);
  if ('refusal' in permitted) return permitted;
  return { supportCase, student: permitted.student };
}

function refused(error: unknown): ChatResponse {
  if (error instanceof CaseServiceError) {
    return reply(notice(error.code === 'not-found' ? 'info' : 'warning', 'Not done', `${error.message}.`));
  }
  throw error;
}

export async function openCaseForm(
  core: ChatCore,
  viewer: Viewer,
  studentId: string,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedStudent(core, viewer, studentId, now);
  if ('refusal' in permitted) return permitted.refusal;
  const { student } = permitted;
  const caseworkers = await core.repos.staff.withRole('caseworker');
  return { view: caseForm({ id: student.id, name: student.name }, caseworkers, viewer.staff), mode: 'modal' };
}

export async function openCase(
  core: ChatCore,
  viewer: Viewer,
  action: OpenCase,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedStudent(core, viewer, action.studentId, now);
  if ('refusal' in permitted) return permitted.refusal;
  const ownerId = action.ownerId ?? viewer.staff.id;
  // Only the owners the form offers: the one opening the case, or a caseworker.
  const owner = ownerId === viewer.staff.id ? viewer.staff : await core.repos.staff.byId(ownerId);
  if (owner !== viewer.staff && !owner?.roles.includes('caseworker')) {
    return reply(
      notice(
        'warning',
        'Not done',
        `"${ownerId}" cannot own the case: choose yourself or a member of student support.`,
      ),
    );
  }
  try {
    const result = await openOrAppendCase(
      core.repos,
      { studentId: permitted.student.id, reason: action.reason, ownerId },
      { now, actorStaffId: viewer.staff.id },
    );
    core.snapshots.invalidate();
    const who = `${viewer.staff.name}, ${core.clockTime(now, viewer.timeZone)}`;
    return showStudentById(core, viewer, permitted.student.id, now, {
      confirmation: result.created ? `Case opened by ${who}` : `Added to the open case by ${who}`,
    });
  } catch (error) {
    return refused(error);
  }
}

export async function openCaseNoteForm(
  core: ChatCore,
  viewer: Viewer,
  caseId: string,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedCase(core, viewer, caseId, now);
  if ('refusal' in permitted) return permitted.refusal;
  const { student } = permitted;
  return { view: caseNoteForm(caseId, { id: student.id, name: student.name }), mode: 'modal' };
}

export async function addNote(
  core: ChatCore,
  viewer: Viewer,
  action: AddNote,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedCase(core, viewer, action.caseId, now);
  if ('refusal' in permitted) return permitted.refusal;
  try {
    await addCaseNote(
      core.repos,
      { caseId: action.caseId, note: action.note },
      { now, actorStaffId: viewer.staff.id },
    );
  } catch (error) {
    return refused(error);
  }
  const card = await caseCard(
    core,
    viewer,
    action.caseId,
    now,
    `Note added by ${viewer.staff.name}, ${core.clockTime(now, viewer.timeZone)}`,
  );
  return { view: card, mode: 'update' };
}

export async function showCase(
  core: ChatCore,
  viewer: Viewer,
  caseId: string,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedCase(core, viewer, caseId, now);
  if ('refusal' in permitted) return permitted.refusal;
  return reply(await caseCard(core, viewer, caseId, now, null));
}

/** The case card; reading it through the service audits the look at the student. */
async function caseCard(
  core: ChatCore,
  viewer: Viewer,
  caseId: string,
  now: Date,
  confirmation: string | null,
): Promise<CaseCardView> {
  const [supportCase, reference] = await Promise.all([
    caseById(core.repos, caseId, { now, actorStaffId: viewer.staff.id, where: viewer.where }),
    core.reference.get(),
  ]);
  const student = await core.repos.institution.findStudent(supportCase.studentId);
  return buildCaseCard(supportCase, student?.name ?? supportCase.studentId, reference, confirmation);
}

function buildCaseCard(
  supportCase: SupportCase,
  studentName: string,
  reference: Reference,
  confirmation: string | null,
): CaseCardView {
  const byName = (by: string) => (by === 'engage' ? 'Engage' : reference.staff(by));
  const buttons: CaseCardView['buttons'] = [];
  if (supportCase.status !== 'closed') {
    buttons.push({
      label: 'Add note',
      action: { op: 'openCaseNoteForm', caseId: supportCase.id },
      style: 'primary',
    });
  }
  buttons.push({ label: 'Show student', action: { op: 'showStudent', studentId: supportCase.studentId } });
  return {
    kind: 'case',
    caseId: supportCase.id,
    student: { id: supportCase.studentId, name: studentName },
    status: supportCase.status,
    reason: truncate(supportCase.reason, NOTE_PREVIEW_CHARS),
    owner: reference.staff(supportCase.ownerId),
    openedAt: supportCase.openedAt.toISOString(),
    timeline: supportCase.timeline.slice(-CASE_TIMELINE_ENTRIES).map((entry) => ({
      at: new Date(entry.at).toISOString(),
      kind: entry.kind,
      text: truncate(entry.text, NOTE_PREVIEW_CHARS),
      by: byName(entry.by),
    })),
    confirmation,
    buttons,
  };
}

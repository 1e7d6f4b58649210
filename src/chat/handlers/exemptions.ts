/**
 * "Known reason" from chat: the form (from a digest row or the student card), setting the exemption, and an
 * administrator ending one early from the card. Each checks the viewer may see the student first; days are
 * the service's calendar days (core.localDate), the same ones the digest and the rules read.
 */
import { endExemptionEarly, ExemptionRefused, setExemption } from '../../exemptions/exemptionService.ts';
import { exemptionForm } from '../../exemptions/exemptionForm.ts';
import { exemptionEndProblem, exemptUntilLine } from '../../exemptions/exemptionRules.ts';
import type { ParsedChatAction } from '../actions.ts';
import { isAdmin, type Viewer } from '../context/access.ts';
import type { ChatCore } from '../core.ts';
import type { ChatResponse } from '../ports.ts';
import { denied, notice } from '../views/notices.ts';
import { permittedStudent, showStudentById } from './studentLookup.ts';

type SetExemption = Extract<ParsedChatAction, { op: 'setExemption' }>;

const reply = (view: ChatResponse['view']): ChatResponse => ({ view, mode: 'reply' });
const notSet = (why: string) => reply(notice('warning', 'Known reason not set', why));

export async function openExemptionForm(
  core: ChatCore,
  viewer: Viewer,
  studentId: string,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedStudent(core, viewer, studentId, now);
  if ('refusal' in permitted) return permitted.refusal;
  const { student } = permitted;
  const today = core.localDate(now);
  const current = await core.repos.exemptions.currentFor(student.id, today);
  if (current) {
    return reply(notice('info', 'Already exempt', `${student.name}: ${exemptUntilLine(current)}.`));
  }
  return { view: exemptionForm({ id: student.id, name: student.name }, today), mode: 'modal' };
}

export async function setKnownReason(
  core: ChatCore,
  viewer: Viewer,
  action: SetExemption,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedStudent(core, viewer, action.studentId, now);
  if ('refusal' in permitted) return permitted.refusal;
  const today = core.localDate(now);
  const problem = exemptionEndProblem(action.until, today);
  if (problem) return notSet(problem);
  try {
    const exemption = await setExemption(
      core.repos,
      { studentId: permitted.student.id, category: action.category, note: action.note, until: action.until },
      { now, today, actor: viewer.staff.id, where: viewer.where },
    );
    return showStudentById(core, viewer, exemption.studentId, now, {
      confirmation: `Known reason set by ${viewer.staff.name}, ${core.clockTime(now, viewer.timeZone)}: left out of digests and alerts until ${exemption.lastDay}`,
    });
  } catch (error) {
    if (error instanceof ExemptionRefused) return notSet(error.message);
    throw error;
  }
}

export async function endExemption(
  core: ChatCore,
  viewer: Viewer,
  exemptionId: string,
  now: Date,
): Promise<ChatResponse> {
  if (!isAdmin(viewer)) return reply(denied('Only an administrator can end an exemption early.'));
  const exemption = await core.repos.exemptions.byId(exemptionId);
  if (!exemption) {
    return reply(notice('info', 'No such exemption', `No exemption has the id "${exemptionId}".`));
  }
  const permitted = await permittedStudent(core, viewer, exemption.studentId, now);
  if ('refusal' in permitted) return permitted.refusal;
  try {
    await endExemptionEarly(core.repos, exemption.id, {
      now,
      today: core.localDate(now),
      actor: viewer.staff.id,
      where: viewer.where,
    });
  } catch (error) {
    if (error instanceof ExemptionRefused) return reply(notice('info', 'Not ended', error.message));
    throw error;
  }
  return showStudentById(core, viewer, exemption.studentId, now, {
    confirmation: `Exemption ended early by ${viewer.staff.name}, ${core.clockTime(now, viewer.timeZone)}: back in digests and alerts from today`,
  });
}

/**
 * "I'll contact": claiming a student so the rest of the channel need not contact them, and releasing the
 * claim. Only staff entitled to the student may do either; a student someone else holds is not taken (the
 * answer says who and since when); each claim and release is audited. The card the button was on (the
 * student card, or the digest page) is redrawn for everyone in the conversation with the claim on it.
 */
import type { Student } from '../../domain/model.ts';
import type { ParsedChatAction } from '../actions.ts';
import type { Viewer } from '../context/access.ts';
import type { ChatCore } from '../core.ts';
import { claimClock } from '../views/claimMarks.ts';
import { notice } from '../views/notices.ts';
import type { ChatResponse } from '../ports.ts';
import { digestFor } from './digests.ts';
import { permittedStudent, showStudentById } from './studentLookup.ts';

type ClaimAction = Extract<ParsedChatAction, { op: 'claim' | 'releaseClaim' }>;

/** The audit actions of a claim and of its release. */
const CLAIM_ACTION = 'claim-student';
const RELEASE_ACTION = 'release-claim';

export async function claim(
  core: ChatCore,
  viewer: Viewer,
  action: ClaimAction,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedStudent(core, viewer, action.studentId, now);
  if ('refusal' in permitted) return permitted.refusal;
  const { student } = permitted;
  const outcome = await core.repos.claims.claim({
    studentId: student.id,
    claimantId: viewer.staff.id,
    claimantName: viewer.staff.name,
    at: now,
    expiresAt: new Date(now.getTime() + core.claimLapseMs),
  });
  const clock = claimClock(core, now, viewer.timeZone);
  if (!outcome.won) {
    const { holder } = outcome;
    return heldBySomeoneElse(student, holder.claimantName, clock(holder.at));
  }
  await audit(core, viewer, student.id, CLAIM_ACTION, now);
  return redrawn(
    core,
    viewer,
    action,
    now,
    `${viewer.staff.name} is contacting ${student.name} · ${clock(now)}`,
  );
}

export async function releaseClaim(
  core: ChatCore,
  viewer: Viewer,
  action: ClaimAction,
  now: Date,
): Promise<ChatResponse> {
  const permitted = await permittedStudent(core, viewer, action.studentId, now);
  if ('refusal' in permitted) return permitted.refusal;
  const { student } = permitted;
  const result = await core.repos.claims.release(student.id, viewer.staff.id, now);
  const clock = claimClock(core, now, viewer.timeZone);
  if (result && 'holder' in result) {
    const { holder } = result;
    return heldBySomeoneElse(student, holder.claimantName, clock(holder.at), 'Only they can release it.');
  }
  if (result) await audit(core, viewer, student.id, RELEASE_ACTION, now);
  return redrawn(
    core,
    viewer,
    action,
    now,
    result
      ? `Released by ${viewer.staff.name} · ${clock(now)}: nobody is contacting ${student.name}`
      : `Nobody is contacting ${student.name}`,
  );
}

function heldBySomeoneElse(student: Student, claimant: string, since: string, more = ''): ChatResponse {
  return {
    view: notice(
      'info',
      'Already claimed',
      `${claimant} is already contacting ${student.name} (since ${since}).${more ? ` ${more}` : ''}`,
    ),
    mode: 'reply',
  };
}

async function audit(core: ChatCore, viewer: Viewer, studentId: string, action: string, now: Date) {
  await core.repos.audit.record({ at: now, actor: viewer.staff.id, studentId, action, where: viewer.where });
}

/** The card the button was on, redrawn for everyone: the digest page, or the student card. */
async function redrawn(
  core: ChatCore,
  viewer: Viewer,
  action: ClaimAction,
  now: Date,
  confirmation: string,
): Promise<ChatResponse> {
  if (action.from === 'digest') {
    return { view: await digestFor(core, viewer, action.page, now), mode: 'update', shared: true };
  }
  const card = await showStudentById(core, viewer, action.studentId, now, { confirmation });
  return { ...card, shared: card.mode === 'update' };
}

/**
 * The case services the chat core, the CLI and the alert rules call (docs/rules.md). Each takes the repositories,
 * a small input and who is acting when ({ now, actorStaffId }), and returns the case as it now stands.
 * Entitlement (may this member of staff see this student?) is the caller's check; looking at a case is
 * audited here.
 *
 * - openOrAppendCase: opens a case, or — when the student already has an open or monitoring case — adds
 *   the reason to that case's timeline instead. Never a second active case.
 * - addCaseNote: a staff note on the timeline (it may cite the score trend as evidence).
 * - changeCaseStatus: open ⇄ monitoring, or closed with an outcome; a closed case stays closed.
 * - closeCase: closed with its outcome.
 * - caseById: one case, with an audit entry for the look at its student.
 */
import type { CaseStatus, SupportCase, TimelineEntry } from '../repositories/cases.ts';
import type { Repositories } from '../repositories/index.ts';
import { isDuplicateKeyError } from '../store/types.ts';
import { CaseServiceError, requireText, type ActingAs } from './errors.ts';

export const REASON_MAX_CHARS = 500;
export const NOTE_MAX_CHARS = 1000;
export const OUTCOME_MAX_CHARS = 500;

export interface OpenOrAppendInput {
  studentId: string;
  reason: string;
  /** The case owner when a case is opened; the actor when not given. */
  ownerId?: string;
  /** "alert" when a rule raised it (the timeline entry is an alert); "staff" otherwise (default). */
  source?: 'staff' | 'alert';
}

export interface OpenOrAppendResult {
  case: SupportCase;
  /** True when a new case was opened; false when the reason went onto the existing case's timeline. */
  created: boolean;
}

export async function openOrAppendCase(
  repos: Repositories,
  input: OpenOrAppendInput,
  acting: ActingAs,
): Promise<OpenOrAppendResult> {
  const reason = requireText('reason', input.reason, REASON_MAX_CHARS);
  const student = await repos.institution.findStudent(input.studentId);
  if (!student) throw new CaseServiceError('not-found', `no student with id "${input.studentId}"`);
  const kind = input.source === 'alert' ? 'alert' : 'note';
  const append = async (existing: SupportCase): Promise<OpenOrAppendResult> => {
    const entry: TimelineEntry = { at: acting.now, kind, text: reason, by: acting.actorStaffId };
    const updated = await repos.cases.appendTimeline(existing.id, entry);
    return { case: updated ?? existing, created: false };
  };
  const active = await repos.cases.activeCaseFor(student.id);
  if (active) return append(active);
  try {
    const opened = await repos.cases.openCase({
      studentId: student.id,
      ownerId: input.ownerId ?? acting.actorStaffId,
      reason,
      openedAt: acting.now,
      by: acting.actorStaffId,
    });
    return { case: opened, created: true };
  } catch (error) {
    // Another writer opened the student's case between our look and our insert: join theirs.
    if (!isDuplicateKeyError(error)) throw error;
    const raced = await repos.cases.activeCaseFor(student.id);
    if (!raced) throw error;
    return append(raced);
  }
}

async function existingCase(repos: Repositories, caseId: string): Promise<SupportCase> {
  const found = await repos.cases.caseById(caseId);
  if (!found) throw new CaseServiceError('not-found', `no case with id "${caseId}"`);
  return found;
}

export async function addCaseNote(
  repos: Repositories,
  input: { caseId: string; note: string },
  acting: ActingAs,
): Promise<SupportCase> {
  const text = requireText('note', input.note, NOTE_MAX_CHARS);
  await existingCase(repos, input.caseId);
  const updated = await repos.cases.appendTimeline(input.caseId, {
    at: acting.now,
    kind: 'note',
    text,
    by: acting.actorStaffId,
  });
  return updated as SupportCase;
}

export interface StatusChangeInput {
  caseId: string;
  status: CaseStatus;
  /** Why, in a few words; goes onto the timeline with the change. */
  note?: string;
  /** Required when closing: what came of the case. */
  outcome?: string;
}

export async function changeCaseStatus(
  repos: Repositories,
  input: StatusChangeInput,
  acting: ActingAs,
): Promise<SupportCase> {
  const current = await existingCase(repos, input.caseId);
  if (current.status === 'closed') {
    throw new CaseServiceError('closed', `case ${current.id} is closed; open a new case instead`);
  }
  if (current.status === input.status) {
    throw new CaseServiceError('invalid', `case ${current.id} is already ${input.status}`);
  }
  const outcome =
    input.status === 'closed' ? requireText('outcome', input.outcome ?? '', OUTCOME_MAX_CHARS) : undefined;
  const note =
    input.note === undefined || input.note.trim() === ''
      ? null
      : requireText('note', input.note, NOTE_MAX_CHARS);
  const text = [`${current.status} → ${input.status}`, outcome && `outcome: ${outcome}`, note]
    .filter(Boolean)
    .join('; ');
  const updated = await repos.cases.setStatus(current.id, {
    status: input.status,
    entry: { at: acting.now, kind: 'status', text, by: acting.actorStaffId },
    ...(outcome !== undefined ? { outcome } : {}),
  });
  return updated as SupportCase;
}

export function closeCase(
  repos: Repositories,
  input: { caseId: string; outcome: string; note?: string },
  acting: ActingAs,
): Promise<SupportCase> {
  return changeCaseStatus(repos, { ...input, status: 'closed' }, acting);
}

/** One case; the look at its student is audited (who, which student, when, where). */
export async function caseById(
  repos: Repositories,
  caseId: string,
  acting: ActingAs & { where?: string },
): Promise<SupportCase> {
  const found = await existingCase(repos, caseId);
  await repos.audit.record({
    at: acting.now,
    actor: acting.actorStaffId,
    studentId: found.studentId,
    action: 'view-case',
    where: acting.where ?? 'service',
  });
  return found;
}

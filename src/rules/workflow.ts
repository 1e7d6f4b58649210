/**
 * Running one step of a rule's workflow (docs/rules.md): a step comes due after its delay; a step with the
 * condition "no-contact-since-step-started" runs only if no staff contact was logged since its delay
 * began — otherwise the workflow ends there (the contact is the response it waited for). A step that runs
 * schedules the next one. Steps: notify the tutor, email the student, open or append to a case,
 * escalate to student support, and the missing-student procedure (always last). A step that comes due
 * while the student is exempt for a known reason is skipped (said in its outcome, without the reason)
 * and the next one is scheduled as usual.
 *
 * Re-running a step (a crash mid-run) does not notify twice (the outbox holds one notification per step);
 * its case entry may be written twice.
 */
import type { Repositories } from '../repositories/index.ts';
import type { NotificationKind } from '../repositories/notifications.ts';
import {
  alertText,
  caseForAlert,
  emailStudent,
  notifyStaff,
  notifyTutor,
  STUDENT_SUPPORT,
  type FiringContext,
} from './actions.ts';
import type { RulePorts, WorkflowStepRef } from './ports.ts';
import type { WorkflowStep } from './schema.ts';

const DAY_MS = 86_400_000;

export interface WorkflowStepResult {
  /** What happened, in words (no personal data: ids only). */
  outcome: string;
  /** The next step scheduled, if any. */
  next: { ref: WorkflowStepRef; runAt: Date } | null;
}

const ended = (outcome: string): WorkflowStepResult => ({ outcome, next: null });

async function contactedSince(repos: Repositories, studentId: string, since: Date): Promise<Date | null> {
  const [latest] = await repos.contacts.contactsFor(studentId, 1);
  return latest && latest.at.getTime() > since.getTime() ? latest.at : null;
}

async function doStep(
  repos: Repositories,
  ports: RulePorts,
  context: FiringContext,
  step: WorkflowStep,
  ref: WorkflowStepRef,
  waitedDays: number,
): Promise<string> {
  const source = `workflow:${ref.action}:${ref.step}`;
  const why = `no staff contact logged in the ${waitedDays} days since the alert "${context.rule.name}"`;
  /** Puts `text` on the student's case and tells student support. */
  const toStudentSupport = async (kind: NotificationKind, text: string) => {
    const onCase = await caseForAlert(repos, context, text);
    const notified = await notifyStaff(repos, ports, context, kind, STUDENT_SUPPORT, text, source);
    return `${onCase}; ${notified}`;
  };
  switch (step.do) {
    case 'notify-tutor':
      return notifyTutor(repos, ports, context, source);
    case 'email-student':
      return emailStudent(repos, ports, context, false);
    case 'create-case':
      return caseForAlert(repos, context, alertText(context));
    case 'escalate-to-student-support':
      return toStudentSupport('escalation', `Escalated to student support: ${why}`);
    case 'missing-student-procedure':
      return toStudentSupport('missing-student', `Missing-student procedure started: ${why}`);
  }
}

export async function runWorkflowStep(
  repos: Repositories,
  ref: WorkflowStepRef,
  options: { now: Date; ports: RulePorts },
): Promise<WorkflowStepResult> {
  const { now, ports } = options;
  const stored = await repos.rules.find(ref.ruleId);
  const action = stored?.rule.actions[ref.action];
  if (!stored || action?.kind !== 'workflow')
    return ended(`workflow ended: rule ${ref.ruleId} no longer has it`);
  if (!stored.rule.enabled) return ended(`workflow ended: rule ${ref.ruleId} is disabled`);
  const step = action.steps[ref.step];
  if (!step) return ended('workflow ended: no such step');
  const student = await repos.institution.findStudent(ref.studentId);
  if (!student) return ended('workflow ended: student no longer exists');

  const startedAt = new Date(ref.startedAt);
  if (step.when === 'no-contact-since-step-started') {
    const contactAt = await contactedSince(repos, student.id, startedAt);
    if (contactAt)
      return ended(`workflow ended: staff contact logged ${contactAt.toISOString().slice(0, 10)}`);
  }
  const firing = (await repos.ruleState.firingsFor(student.id)).find(
    (entry) => entry.ruleId === ref.ruleId && entry.week === ref.week,
  );
  const context: FiringContext = {
    rule: stored.rule,
    student,
    firing: { ruleId: ref.ruleId, studentId: student.id, week: ref.week, reason: firing?.reason ?? 'alert' },
    score: null,
    now,
  };
  const waitedDays = Math.round((now.getTime() - (firing?.at ?? startedAt).getTime()) / DAY_MS);
  // While the student is exempt (a known reason) the step is skipped, not done; the next one is scheduled.
  const exemption = await repos.exemptions.currentFor(student.id, now.toISOString().slice(0, 10));
  const done = exemption
    ? `skipped: the student is exempt (known reason) until ${exemption.lastDay}`
    : await doStep(repos, ports, context, step, ref, waitedDays);
  const outcome = `step ${ref.step + 1} (${step.do}): ${done}`;

  const following = action.steps[ref.step + 1];
  if (!following) return { outcome, next: null };
  if (!ports.workflows)
    return { outcome: `${outcome}; next step not scheduled: no scheduler wired`, next: null };
  const next = {
    ref: { ...ref, step: ref.step + 1, startedAt: now.toISOString() },
    runAt: new Date(now.getTime() + following.delayDays * DAY_MS),
  };
  await ports.workflows.schedule(next.ref, next.runAt);
  return { outcome, next };
}

/**
 * Carrying out a firing's actions (docs/rules.md): notify the tutor (outbox first, then the chat notifier if
 * wired), email the student (plain-language trend), open a case or append to the open one, start a
 * workflow. Whatever the actions, an alert for a student with an active case also goes onto that case's
 * timeline — it never opens a second case. Each action's result is returned in words for the firing record;
 * a failing action is reported there and does not stop the others.
 */
import { randomUUID } from 'node:crypto';
import { openOrAppendCase } from '../cases/caseService.ts';
import { SYSTEM_ACTOR } from '../cases/errors.ts';
import type { Student } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import type { NotificationKind } from '../repositories/notifications.ts';
import type { RuleFiring } from '../repositories/ruleState.ts';
import type { RulePorts } from './ports.ts';
import type { AlertRule, RuleAction } from './schema.ts';
import { studentEmail } from './studentEmail.ts';

const DAY_MS = 86_400_000;
/** Who escalations and the missing-student procedure go to. */
export const STUDENT_SUPPORT = 'student-support';

export interface FiringContext {
  rule: AlertRule;
  student: Student;
  firing: Pick<RuleFiring, 'ruleId' | 'studentId' | 'week' | 'reason'>;
  /** The latest score, for an email that includes it. */
  score: number | null;
  now: Date;
}

/** Writes the notification to the outbox, then hands it to the notifier when one is wired. */
export async function notifyStaff(
  repos: Repositories,
  ports: RulePorts,
  context: FiringContext,
  kind: NotificationKind,
  recipientId: string,
  reason: string,
  /** Which action or workflow step raised it ("action:0", "workflow:1:2"): one notification each. */
  source: string,
): Promise<string> {
  const { rule, firing, now } = context;
  const id = randomUUID();
  const added = await repos.notifications.enqueue({
    id,
    kind,
    source,
    ruleId: rule.id,
    ruleName: rule.name,
    studentId: firing.studentId,
    recipientId,
    week: firing.week,
    reason,
    createdAt: now,
    status: 'pending',
    sentAt: null,
    attempts: 0,
    lastError: null,
  });
  if (!added) return `${kind} notification already queued`;
  if (!ports.notifier) return `${kind} notification queued in the outbox (no chat notifier wired)`;
  try {
    await ports.notifier.notify({
      id,
      kind,
      rule: { id: rule.id, name: rule.name },
      studentId: firing.studentId,
      tutorStaffId: recipientId,
      week: firing.week,
      reason,
    });
    await repos.notifications.markSent(id, now);
    return `${kind} notification sent`;
  } catch (error) {
    await repos.notifications.markFailed(id, (error as Error).message);
    return `${kind} notification kept in the outbox: ${(error as Error).message}`;
  }
}

export async function emailStudent(
  repos: Repositories,
  ports: RulePorts,
  context: FiringContext,
  includeScore: boolean,
): Promise<string> {
  if (!ports.mailer) return 'student email not sent: no SMTP configured (SMTP_URL)';
  const { student } = context;
  const tutor = await repos.staff.byId(student.tutorId);
  const message = studentEmail({
    firstName: student.name.split(/\s+/)[0] ?? student.name,
    trigger: context.rule.trigger,
    score: context.score,
    includeScore,
    tutorName: tutor?.name ?? null,
  });
  try {
    await ports.mailer.send({ to: student.email, ...message });
    return 'student emailed';
  } catch (error) {
    return `student email failed: ${(error as Error).message}`;
  }
}

export async function caseForAlert(
  repos: Repositories,
  context: FiringContext,
  text: string,
): Promise<string> {
  const result = await openOrAppendCase(
    repos,
    { studentId: context.student.id, reason: text, ownerId: context.student.tutorId, source: 'alert' },
    { now: context.now, actorStaffId: SYSTEM_ACTOR },
  );
  return result.created ? `case ${result.case.id} opened` : `added to case ${result.case.id}`;
}

/** The case text of an alert: the rule's name and why it fired. */
export const alertText = (context: FiringContext) => `Alert "${context.rule.name}": ${context.firing.reason}`;

/** Tells the student's tutor why the rule fired; `source` says which action or workflow step did. */
export function notifyTutor(
  repos: Repositories,
  ports: RulePorts,
  context: FiringContext,
  source: string,
): Promise<string> {
  return notifyStaff(repos, ports, context, 'alert', context.student.tutorId, context.firing.reason, source);
}

async function runAction(
  repos: Repositories,
  ports: RulePorts,
  context: FiringContext,
  action: RuleAction,
  index: number,
): Promise<string> {
  switch (action.kind) {
    case 'notify-tutor':
      return notifyTutor(repos, ports, context, `action:${index}`);
    case 'email-student':
      return emailStudent(repos, ports, context, action.includeScore);
    case 'create-case':
      return caseForAlert(repos, context, alertText(context));
    case 'workflow': {
      if (!ports.workflows) return 'workflow not started: no scheduler wired';
      const first = action.steps[0];
      const runAt = new Date(context.now.getTime() + (first?.delayDays ?? 0) * DAY_MS);
      await ports.workflows.schedule(
        {
          ruleId: context.rule.id,
          studentId: context.student.id,
          week: context.firing.week,
          action: index,
          step: 0,
          startedAt: context.now.toISOString(),
        },
        runAt,
      );
      return `workflow started (step 1 of ${action.steps.length} due ${runAt.toISOString().slice(0, 10)})`;
    }
  }
}

/** Runs every action of the firing's rule; the outcomes in words, one per action (and the case entry). */
export async function runActions(
  repos: Repositories,
  ports: RulePorts,
  context: FiringContext,
): Promise<string[]> {
  const outcomes: string[] = [];
  for (const [index, action] of context.rule.actions.entries()) {
    try {
      outcomes.push(`${action.kind}: ${await runAction(repos, ports, context, action, index)}`);
    } catch (error) {
      outcomes.push(`${action.kind}: failed: ${(error as Error).message}`);
    }
  }
  if (!context.rule.actions.some((action) => action.kind === 'create-case')) {
    const active = await repos.cases.activeCaseFor(context.student.id);
    if (active) {
      await repos.cases.appendTimeline(active.id, {
        at: context.now,
        kind: 'alert',
        text: alertText(context),
        by: SYSTEM_ACTOR,
      });
      outcomes.push(`case: alert added to case ${active.id}`);
    }
  }
  return outcomes;
}

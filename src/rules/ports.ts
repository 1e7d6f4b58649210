/**
 * What alert-rule actions need from the outside world, as ports the composition root fills in:
 * - TutorNotifier: a chat implementation posts a card with buttons to the tutor's channel. Every
 *   notification is written to the outbox (repos.notifications) first, so until a notifier is wired —
 *   or when a post fails — nothing is lost.
 * - StudentMailer: sends one plain-text email (adapters/email/smtpMailer.ts, nodemailer over SMTP).
 * - WorkflowScheduler: runs a workflow step later (jobs: the `run-workflow-step` job via Agenda).
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { NotificationKind } from '../repositories/notifications.ts';
import type { AlertRule } from './schema.ts';

export interface TutorNotification {
  /** The outbox entry's id: a notifier may use it to make the post idempotent. */
  id: string;
  kind: NotificationKind;
  rule: Pick<AlertRule, 'id' | 'name'>;
  studentId: string;
  /** The tutor's staff id, or "student-support" for an escalation. */
  tutorStaffId: string;
  week: IsoWeek;
  /** Why, in a short sentence (staff-facing, may cite the score). */
  reason: string;
}

export interface TutorNotifier {
  /** Resolves once the notification was delivered; rejects (with a reason) when it could not be. */
  notify(notification: TutorNotification): Promise<void>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface StudentMailer {
  /** Resolves once the SMTP server accepted the message. */
  send(message: EmailMessage): Promise<void>;
}

/** Names one step of one rule's workflow for one student's episode: ids only, never personal data. */
export interface WorkflowStepRef {
  ruleId: string;
  studentId: string;
  /** The week whose firing started the workflow. */
  week: IsoWeek;
  /** Index of the workflow action in the rule's actions. */
  action: number;
  /** Index of the step to run. */
  step: number;
  /** ISO instant the step's delay began (when the previous step ran, or the firing). */
  startedAt: string;
}

export interface WorkflowScheduler {
  /** Runs the step at (or after) `runAt`. */
  schedule(step: WorkflowStepRef, runAt: Date): Promise<void>;
}

/** The ports an evaluation may use; any left out is skipped and said so in the firing's outcomes. */
export interface RulePorts {
  notifier?: TutorNotifier;
  mailer?: StudentMailer;
  workflows?: WorkflowScheduler;
}

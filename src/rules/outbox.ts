/**
 * Delivering what waits in the tutor-notification outbox: notifications queued while no chat notifier was
 * wired, or whose post failed, are handed to the notifier oldest first and marked sent; a failure keeps
 * the entry pending with its reason for the next attempt. The evaluate-rules job runs it before evaluating.
 */
import type { Repositories } from '../repositories/index.ts';
import type { TutorNotifier } from './ports.ts';

export interface OutboxDelivery {
  sent: number;
  failed: number;
}

export async function deliverPendingNotifications(
  repos: Repositories,
  notifier: TutorNotifier,
  now: Date,
): Promise<OutboxDelivery> {
  const result: OutboxDelivery = { sent: 0, failed: 0 };
  for (const entry of await repos.notifications.pending()) {
    try {
      await notifier.notify({
        id: entry.id,
        kind: entry.kind,
        rule: { id: entry.ruleId, name: entry.ruleName },
        studentId: entry.studentId,
        tutorStaffId: entry.recipientId,
        week: entry.week,
        reason: entry.reason,
      });
      await repos.notifications.markSent(entry.id, now);
      result.sent += 1;
    } catch (error) {
      await repos.notifications.markFailed(entry.id, (error as Error).message);
      result.failed += 1;
    }
  }
  return result;
}

/**
 * The tutor-notification outbox: every notification an alert rule or workflow step raises is written here
 * first ("pending"), so nothing is lost while no chat platform is wired or a post fails; the chat
 * implementation of the TutorNotifier marks it "sent". One notification per (rule, student, week, source action or step).
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { isDuplicateKeyError, type DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

/** An alert to the tutor, an escalation to student support, or the missing-student procedure. */
export type NotificationKind = 'alert' | 'escalation' | 'missing-student';

export interface OutboxNotification {
  id: string;
  kind: NotificationKind;
  /** Which rule action or workflow step raised it, e.g. "action:0" or "workflow:1:2". */
  source: string;
  ruleId: string;
  ruleName: string;
  studentId: string;
  /** Who it is for: the tutor's staff id, or "student-support". */
  recipientId: string;
  week: IsoWeek;
  reason: string;
  createdAt: Date;
  status: 'pending' | 'sent';
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
}

export function notificationRepository(db: DocumentDb) {
  const outbox = db.collection<OutboxNotification>(COLLECTIONS.tutorNotifications.name);
  return {
    /** Adds the notification; false (and nothing written) when the same one is already there. */
    async enqueue(notification: OutboxNotification): Promise<boolean> {
      try {
        await outbox.insertOne({ ...notification });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    async markSent(id: string, at: Date): Promise<void> {
      await outbox.updateOne({ id }, { $set: { status: 'sent', sentAt: at }, $inc: { attempts: 1 } });
    },
    async markFailed(id: string, reason: string): Promise<void> {
      await outbox.updateOne({ id }, { $set: { lastError: reason }, $inc: { attempts: 1 } });
    },
    pending: (limit = 500) =>
      outbox.find({ status: 'pending' }, { projection: WITHOUT_ID, sort: { createdAt: 1 }, limit }).toArray(),
    countPending: () => outbox.countDocuments({ status: 'pending' }),
    forStudent: (studentId: string) =>
      outbox.find({ studentId }, { projection: WITHOUT_ID, sort: { createdAt: -1 } }).toArray(),
  };
}

/**
 * The chat implementation of the alert rules' TutorNotifier: posts an alert card (the reason, and buttons
 * to open the student, log a contact or open a case) into every channel linked to the tutor, or — when the
 * tutor has none — to the student's programme channels, whose members may see the student. Each post goes
 * through the posting ledger keyed by the notification id, so a retried notification is not posted twice.
 * Escalations to student support have no channel kind of their own yet: they stay in the outbox.
 */
import type { Student } from '../../domain/model.ts';
import type { ChannelLink } from '../../repositories/channelLinks.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { TutorNotification, TutorNotifier } from '../../rules/ports.ts';
import type { NoticeView } from '../views/viewModel.ts';
import { deliverOnce, type DeliveryDeps, type DeliveryResult } from './deliver.ts';

const TITLES: Record<TutorNotification['kind'], string> = {
  alert: 'Engage alert',
  escalation: 'Engage escalation',
  'missing-student': 'Engage: missing-student procedure',
};

/** Results that mean the card is in the channel. */
const DELIVERED: ReadonlySet<DeliveryResult> = new Set(['posted', 'already-posted']);

export function chatTutorNotifier(repos: Repositories, delivery: DeliveryDeps): TutorNotifier {
  return {
    async notify(notification) {
      const student = await repos.institution.findStudent(notification.studentId);
      if (!student) throw new Error(`no student has the id ${notification.studentId}`);
      const channels = await channelsFor(repos, notification.tutorStaffId, student, delivery);
      if (channels.length === 0) {
        throw new Error(`no linked channel for ${notification.tutorStaffId} or the student's programme`);
      }
      const view = alertCard(notification, student);
      const results = await Promise.all(
        channels.map((link) =>
          deliverOnce(
            delivery,
            {
              platform: link.platform,
              channelId: link.channelId,
              week: notification.week,
              kind: `alert:${notification.id}`,
            },
            view,
          ),
        ),
      );
      if (!results.some((result) => DELIVERED.has(result))) {
        throw new Error(`alert not delivered (${[...new Set(results)].join(', ')})`);
      }
    },
  };
}

async function channelsFor(
  repos: Repositories,
  staffId: string,
  student: Student,
  delivery: DeliveryDeps,
): Promise<ChannelLink[]> {
  const links = (await repos.channelLinks.list()).filter((link) => delivery.posters[link.platform]);
  const tutorLinks = links.filter((link) => link.group.kind === 'tutor' && link.group.staffId === staffId);
  if (tutorLinks.length > 0 || staffId !== student.tutorId) return tutorLinks;
  return links.filter(
    ({ group }) =>
      group.kind === 'programme' &&
      group.programmeId === student.programmeId &&
      (group.yearOfStudy === null || group.yearOfStudy === student.yearOfStudy),
  );
}

function alertCard(notification: TutorNotification, student: Student): NoticeView {
  const studentId = student.id;
  return {
    kind: 'notice',
    tone: 'warning',
    title: `${TITLES[notification.kind]}: ${notification.rule.name}`,
    text: `${student.name} (${studentId}), week ${notification.week}: ${notification.reason}`,
    buttons: [
      { label: 'Show student', action: { op: 'showStudent', studentId } },
      { label: 'Log contact', action: { op: 'openContactForm', studentId }, style: 'primary' },
      { label: 'Open case', action: { op: 'openCaseForm', studentId } },
    ],
  };
}

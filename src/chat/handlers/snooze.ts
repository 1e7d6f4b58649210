/**
 * Snoozing a student in this channel's digest for a week: only where a group is linked (a digest exists),
 * only for students the viewer may see; the card is refreshed with when the snooze ends.
 */
import { namesStudents } from '../../repositories/channelLinks.ts';
import type { Viewer } from '../context/access.ts';
import type { ChatCore } from '../core.ts';
import { notice } from '../views/notices.ts';
import type { ChatResponse } from '../ports.ts';
import { permittedStudent, showStudentById } from './studentLookup.ts';

const SNOOZE_DAYS = 7;

export async function snooze(
  core: ChatCore,
  viewer: Viewer,
  studentId: string,
  now: Date,
): Promise<ChatResponse> {
  if (!viewer.link || !namesStudents(viewer.link.group)) {
    return {
      view: notice(
        'info',
        'No digest here',
        "Snooze hides a student from a channel's digest: this channel has none.",
      ),
      mode: 'reply',
    };
  }
  const permitted = await permittedStudent(core, viewer, studentId, now);
  if ('refusal' in permitted) return permitted.refusal;
  const { student } = permitted;
  const until = new Date(now.getTime() + SNOOZE_DAYS * 86_400_000);
  await core.repos.snoozes.snooze({
    platform: viewer.place.platform,
    channelId: viewer.place.channelId,
    studentId: student.id,
    by: viewer.staff.id,
    at: now,
    until,
  });
  return showStudentById(core, viewer, student.id, now, {
    confirmation: `Snoozed in this channel's digest until ${core.localDate(until, viewer.timeZone)} by ${viewer.staff.name}, ${core.clockTime(now, viewer.timeZone)}`,
  });
}

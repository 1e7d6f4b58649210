/**
 * The `student-view` chat command: any administrator sees the student-view settings; an administrator
 * changes one with a reason, recorded with who, when and why like every other setting —
 * `student-view on why <reason>`, `off`, `score on`, `score off`, `contact <text> why <reason>`.
 */
import { isAdmin, type Viewer } from '../chat/context/access.ts';
import type { ChatCore } from '../chat/core.ts';
import { denied, notice } from '../chat/views/notices.ts';
import type { NoticeView } from '../chat/views/viewModel.ts';
import { describeSettings, parseSettingChange } from './settings.ts';

export const STUDENT_VIEW_USAGE =
  'student-view on | off | score on | score off | contact <text>, then why <reason> (e.g. "student-view on why pilot approved by the DPO")';

export async function studentViewCommand(
  core: ChatCore,
  viewer: Viewer,
  args: string,
  now: Date,
): Promise<NoticeView> {
  if (!isAdmin(viewer)) return denied('Only administrators see and change the student view settings.');
  if (args === '' || args.toLowerCase() === 'show') {
    const settings = await core.repos.studentView.settings();
    return notice(
      'info',
      'Student view settings',
      [...describeSettings(settings), `Change: ${STUDENT_VIEW_USAGE}`].join('\n'),
    );
  }
  const split = /^(.*)\s+why\s+(.+)$/is.exec(args);
  const update = parseSettingChange(split?.[1] ?? args);
  if (update === null) return notice('error', 'Not a student view setting', `Type ${STUDENT_VIEW_USAGE}.`);
  if (!split?.[2]?.trim()) {
    return notice(
      'error',
      'Say why',
      `Every settings change is recorded with a reason: add "why <reason>". ${STUDENT_VIEW_USAGE}.`,
    );
  }
  try {
    const change = await core.repos.studentView.change(update, {
      by: viewer.staff.id,
      why: split[2].trim(),
      at: now,
    });
    const settings = await core.repos.studentView.settings();
    const changed = change.changes.map((c) => c.field).join(', ');
    return notice(
      'success',
      'Student view settings changed',
      [
        `Changed ${changed} (by ${viewer.staff.name}, ${core.clockTime(now)}: ${change.why}).`,
        ...describeSettings(settings),
      ].join('\n'),
    );
  } catch (error) {
    return notice('error', 'Not changed', error instanceof Error ? error.message : String(error));
  }
}

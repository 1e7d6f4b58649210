/** Plain notices: information, success, a denial said plainly, a problem with what was asked. */
import type { Button, NoticeView } from './viewModel.ts';

export function notice(
  tone: NoticeView['tone'],
  title: string,
  text: string,
  buttons: Button[] = [],
): NoticeView {
  return { kind: 'notice', tone, title, text, buttons };
}

export const UNKNOWN_USER = notice(
  'denied',
  'Not recognised',
  'Engage does not know who you are: your chat account is not linked to a staff record. Ask an administrator to add your work email to the staff list.',
);

export const IDENTITY_UNCHECKED = notice(
  'warning',
  'Could not check who you are',
  'Engage could not check who you are right now: the chat platform did not answer. Please try again in a minute.',
);

export const NOTHING_SCORED = notice(
  'info',
  'No scores yet',
  'No week has been scored yet, so there is nothing to show. Scores appear after the first weekly run.',
);

export function denied(what: string): NoticeView {
  return notice('denied', 'Not available to you', what);
}

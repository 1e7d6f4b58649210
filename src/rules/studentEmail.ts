/**
 * The email a rule sends a student (docs/privacy.md, "tell trends, not numbers"): plain language about the trend
 * the rule saw, an invitation to talk to their personal tutor, and the reminder that engagement data is
 * never used for academic progression decisions (docs/privacy.md). The score itself appears only when the rule
 * says `includeScore`.
 */
import type { Trigger } from './schema.ts';

export interface StudentEmailInput {
  firstName: string;
  trigger: Trigger;
  /** The latest score; shown only when `includeScore`. */
  score: number | null;
  includeScore: boolean;
  /** The personal tutor's name, when known. */
  tutorName: string | null;
}

const WEEK_WORDS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const weeks = (n: number) => `${WEEK_WORDS[n] ?? String(n)} week${n === 1 ? '' : 's'}`;

/** The trend, in words, never a number of points. */
export function describeTrend(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'below':
      return 'your engagement with your course has recently been lower than most of your peers';
    case 'belowForWeeks':
      return `your engagement with your course has been lower than most of your peers for ${weeks(trigger.weeks)} in a row`;
    case 'dropInWeek':
      return 'your engagement with your course fell noticeably last week compared with the week before';
    case 'lowEngagementForWeeks':
      return `we have seen little or no activity from you in your course's systems for ${weeks(trigger.weeks)}`;
  }
}

export function studentEmail(input: StudentEmailInput): { subject: string; text: string } {
  const tutor = input.tutorName ?? 'your personal tutor';
  const lines = [
    `Dear ${input.firstName},`,
    '',
    `We are getting in touch because ${describeTrend(input.trigger)}.`,
    'There can be many reasons for this, and it is not a judgement of you or your work.',
    '',
    `If anything is getting in the way, ${tutor} would be glad to talk — just reply to this email or book a time to meet. ` +
      'Student support is also there for you, in confidence.',
    ...(input.includeScore && input.score !== null
      ? [
          '',
          `For reference, your latest weekly engagement score was ${input.score} (500 is the average of your peers).`,
        ]
      : []),
    '',
    'Engagement data is only used to offer support; it is never used for academic progression decisions.',
    '',
    'Best wishes,',
    'Student engagement team',
  ];
  return { subject: 'Checking in on how your studies are going', text: lines.join('\n') };
}

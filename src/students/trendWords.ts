/**
 * A student's own engagement trend in plain words, never as a verdict: how the latest weeks compare with
 * their peers ("your engagement has been lower than your peers' for three weeks") and which way it has
 * been going ("it has been rising for two weeks"). The score appears only when the institution shows it.
 * Pure: the weekly scores in, sentences out.
 */

/** One scored week, oldest first. */
export interface WeekScore {
  week: string;
  score: number;
  /** The whole peer group's activity fell together that week (exam week, a cancelled event). */
  sharedCause: boolean;
}

/** The peer average is 500; a week within this many points of it reads as "about the same". */
export const SIMILAR_WITHIN = 50;
/** A change smaller than this from one week to the next reads as steady, not rising or falling. */
export const STEADY_WITHIN = 15;

const NUMBER_WORDS = [
  'no',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

/** "three weeks", "one week"; counts beyond twelve in figures. */
export function weeksInWords(count: number): string {
  const number = NUMBER_WORDS[count] ?? String(count);
  return `${number} ${count === 1 ? 'week' : 'weeks'}`;
}

type Relation = 'lower' | 'higher' | 'similar';

function relationOf(score: number): Relation {
  if (score < 500 - SIMILAR_WITHIN) return 'lower';
  if (score > 500 + SIMILAR_WITHIN) return 'higher';
  return 'similar';
}

/** How many of the latest weeks in a row satisfy `test` (counting back from the last). */
function runFromEnd<T>(items: readonly T[], test: (item: T, index: number) => boolean): number {
  let run = 0;
  for (let i = items.length - 1; i >= 0 && test(items[i] as T, i); i--) run++;
  return run;
}

const COMPARED: Record<Relation, { many: string; one: string }> = {
  lower: {
    many: "Your engagement has been lower than your peers' for",
    one: "Your engagement was lower than your peers' last week.",
  },
  higher: {
    many: "Your engagement has been higher than most of your peers' for",
    one: "Your engagement was higher than most of your peers' last week.",
  },
  similar: {
    many: "Your engagement has been about the same as your peers' for",
    one: "Your engagement was about the same as your peers' last week.",
  },
};

function comparedWithPeers(weeks: readonly WeekScore[]): string {
  const latest = weeks.at(-1) as WeekScore;
  const relation = relationOf(latest.score);
  const run = runFromEnd(weeks, (week) => relationOf(week.score) === relation);
  return run >= 2 ? `${COMPARED[relation].many} ${weeksInWords(run)}.` : COMPARED[relation].one;
}

function direction(weeks: readonly WeekScore[]): string | null {
  if (weeks.length < 2) return null;
  const change = (i: number) => (weeks[i] as WeekScore).score - (weeks[i - 1] as WeekScore).score;
  const rising = runFromEnd(weeks, (_, i) => i > 0 && change(i) >= STEADY_WITHIN);
  if (rising >= 2) return `It has been rising for ${weeksInWords(rising)}.`;
  if (rising === 1) return 'It rose last week.';
  const falling = runFromEnd(weeks, (_, i) => i > 0 && change(i) <= -STEADY_WITHIN);
  if (falling >= 2) return `It has been falling for ${weeksInWords(falling)}.`;
  if (falling === 1) return 'It fell last week.';
  return 'It has been steady lately.';
}

/** The sentences of a student's own trend; `showScore` adds the latest score beside the words. */
export function trendInWords(weeks: readonly WeekScore[], options: { showScore: boolean }): string[] {
  const latest = weeks.at(-1);
  if (latest === undefined) {
    return [
      'Engage has no weekly picture of your engagement yet: it appears once the first weeks are counted.',
    ];
  }
  const sentences = [comparedWithPeers(weeks)];
  const moving = direction(weeks);
  if (moving) sentences.push(moving);
  if (latest.sharedCause) {
    sentences.push(
      'Last week your whole course was less active than usual (an exam or reading week, for example), so Engage does not read that dip as yours.',
    );
  }
  if (options.showScore) {
    sentences.push(`Your score last week was ${latest.score}, where 500 is your peers' average.`);
  }
  return sentences;
}

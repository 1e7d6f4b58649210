/**
 * Plain-words reasons for predictive risk (issue 17): the describe function handed to topReasons, turning a
 * feature name, the student's value and the training mean into a sentence a tutor reads on the card, e.g.
 * "VLE activity fell to a third of the student's own earlier level", "no coursework submission in the
 * last four weeks" or "missed the deadline for 1 of 2 assessments so far". Per-source features are named by source id; `sources` gives each id's name and kind.
 */
import type { Describe } from './contributions.ts';

export interface SourceLabel {
  name: string;
  kind?: string;
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** "the last four weeks", "the last week", "the last 12 weeks". */
export function lastWeeks(n: number): string {
  return Math.round(n) <= 1 ? 'the last week' : `the last ${weeksInWords(n)}`;
}

/** "four weeks", "one week", "12 weeks". */
export function weeksInWords(n: number): string {
  const whole = Math.max(0, Math.round(n));
  const count = NUMBER_WORDS[whole] ?? String(whole);
  return `${count} week${whole === 1 ? '' : 's'}`;
}

/** A share as a simple fraction in words: "almost nothing", "a tenth", "a quarter", "a third", "half", ... */
export function fractionInWords(ratio: number): string {
  if (ratio < 0.07) return 'almost nothing';
  const fractions: [number, string][] = [
    [0.1, 'a tenth'],
    [0.2, 'a fifth'],
    [0.25, 'a quarter'],
    [1 / 3, 'a third'],
    [0.5, 'half'],
    [2 / 3, 'two thirds'],
    [0.75, 'three quarters'],
  ];
  let best = fractions[0] as [number, string];
  for (const candidate of fractions) {
    if (Math.abs(Math.log(candidate[0] / ratio)) < Math.abs(Math.log(best[0] / ratio))) best = candidate;
  }
  return best[1];
}

const round = (value: number) => Math.round(value);
const assessments = (n: number) => `${round(n)} assessment${round(n) === 1 ? '' : 's'}`;
const percent = (share: number) => `${Math.round(share * 100)}%`;

function sourceLabel(sources: Readonly<Record<string, SourceLabel>>, id: string): SourceLabel {
  return sources[id] ?? { name: id };
}

/** A describe function for topReasons, knowing the institution's sources. */
export function describeFeature(sources: Readonly<Record<string, SourceLabel>> = {}): Describe {
  return (feature, value, mean, valueOf) => {
    const [base, sourceId] = feature.split(':') as [string, string | undefined];
    if (sourceId !== undefined) {
      const source = sourceLabel(sources, sourceId);
      switch (base) {
        case 'weeks_since_count':
          return source.kind === 'submissions'
            ? `no coursework submission in ${lastWeeks(value)}`
            : `no ${source.name} in ${lastWeeks(value)}`;
        case 'level_log1p': {
          const ratio = Math.expm1(value) / Math.max(Math.expm1(mean), 1e-9);
          if (ratio < 0.07) return `almost no recent ${source.name}`;
          return ratio < 1
            ? `recent ${source.name} at ${fractionInWords(ratio)} of the usual level for students`
            : `${source.name} at an unusual level for students who go on to do well`;
        }
        case 'cumulative_count_log1p':
        case 'cumulative_count_percentile':
          return `fewer ${source.name} so far than most students`;
        default:
          return `${source.name}: ${feature}`;
      }
    }
    switch (base) {
      case 'score_latest':
        return `this week's engagement score is ${round(value)} (typical: ${round(mean)})`;
      case 'score_mean':
        return `the engagement score has averaged ${round(value)} this term (typical: ${round(mean)})`;
      case 'score_slope_4w':
        return value < 0
          ? `the engagement score fell by about ${round(-value)} points a week over the last four weeks`
          : `the engagement score moved by ${round(value)} points a week over the last four weeks`;
      case 'weeks_below_350':
        return `${weeksInWords(value)} with an engagement score below 350`;
      case 'weeks_since_activity':
        return `no recorded activity in ${lastWeeks(value)}`;
      case 'zero_activity_share':
        return `no recorded activity in ${percent(value)} of the weeks so far`;
      case 'recent_vs_earlier_log_ratio': {
        const ratio = Math.exp(value);
        if (ratio < 0.07) return "activity fell to almost nothing from the student's own earlier level";
        return ratio < 1
          ? `activity fell to ${fractionInWords(ratio)} of the student's own earlier level`
          : `activity changed from the student's own earlier level`;
      }
      case 'cumulative_activity_percentile':
        return `activity so far is lower than ${percent(1 - value)} of students`;
      case 'attendance_pct':
        return `attendance is ${round(value)}% (typical: ${round(mean)}%)`;
      case 'deadlines_due':
        return `${assessments(value)} due so far`;
      case 'deadlines_missed': {
        const due = valueOf?.('deadlines_due');
        return due === undefined || due < value
          ? `missed the deadline for ${assessments(value)} so far`
          : `missed the deadline for ${round(value)} of ${assessments(due)} so far`;
      }
      case 'deadlines_missed_recent':
        return `did not meet the deadline for ${assessments(value)} in the last four weeks`;
      case 'deadlines_late':
        return `submitted ${assessments(value)} after the deadline`;
      case 'mark_mean':
        return `average mark so far ${round(value)}% (typical: ${round(mean)}%)`;
      case 'mark_present':
        return value > 0 ? 'has marked coursework' : 'no marked coursework yet';
      case 'attendance_present':
        return value > 0 ? 'attendance is recorded' : 'no attendance recorded';
      default:
        return feature.replaceAll('_', ' ');
    }
  };
}

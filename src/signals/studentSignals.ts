/**
 * One student's signals (docs/signals.md) from their weekly score history (term weeks only, oldest first), staff
 * contact dates, whether a support case is active, and `asOf`.
 *
 * The latest score gives the band, attention (< 350), significant concern (< 300) and priority contact
 * (attention, no active case, no contact in the last 14 days: days since contact ≥ 14 or never). Everything
 * that reads a change or a run over weeks — declining, the four-week change and trend, consecutive declines,
 * consistently low, recovering, low engagement, "Engage + No Case" — reads the series without shared-cause
 * weeks, so a week in which the whole peer group's activity fell never makes anyone declining:
 * - declining: latest − (score `declineWeeks` scored weeks earlier, or the earliest if fewer) < −100;
 * - consistently low: the latest `lowWeeks`+ scores all < 350;
 * - recovering: latest − (score `recoveryWeeks` scored weeks earlier) ≥ +50, after a concern: in one of the
 *   `concernWeeks` scored weeks up to the rise's first week the student was below the attention threshold,
 *   declining, or in a run of low activity (docs/signals.md) — so it is rare, never week-to-week noise;
 * - low engagement: the latest `lowEngagement.weeks`+ weeks each had activity ≤ maxActivity or an activity
 *   percentile ≤ bottomShare within the peer group;
 * - Engage + No Case: declining with no active case.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { ScoreBand, WeeklyScore } from '../domain/model.ts';
import { bandOf } from '../scoring/band.ts';
import { DEFAULT_SIGNAL_CONFIG } from './config.ts';
import type { SignalConfig } from './config.ts';
import { daysSinceContact } from './contact.ts';

/** What signals need of a weekly score: a stored WeeklyScore document satisfies it. */
export type ScorePoint = Pick<
  WeeklyScore,
  'week' | 'score' | 'attendancePct' | 'activity' | 'activityPercentile' | 'sharedCause'
>;

export interface SignalInput {
  /** Scored term weeks, oldest first, one per week. */
  scores: readonly ScorePoint[];
  /** Dates of staff contacts with the student (any order). */
  contacts: readonly Date[];
  /** The student has an active (open or monitoring) support case. */
  openCase: boolean;
  asOf: Date;
}

export type Trend = 'up' | 'flat' | 'down';

export interface StudentSignals {
  /** Latest scored week, its score, band and attendance (null when never scored). */
  week: IsoWeek | null;
  score: number | null;
  band: ScoreBand | null;
  attendancePct: number | null;
  /**
   * The latest week has no attendance although earlier weeks had some: its registers are missing (or no
   * sessions were scheduled, which scoring treats the same). Shown as "missing this week", never as an
   * earlier week's figure; false when attendance was never recorded for the student (no such source).
   */
  attendanceMissing: boolean;
  /** The latest week was a shared cause for the student's peer group. */
  sharedCauseThisWeek: boolean;
  /** Latest − the score `declineWeeks` scored weeks earlier (or the earliest); null with under two weeks. */
  fourWeekChange: number | null;
  trend: Trend | null;
  /** Consecutive week-on-week falls ending at the latest week (four or more is a strong signal). */
  weeksOfDecline: number;
  declining: boolean;
  /** Consecutive latest weeks below the low threshold. */
  weeksBelowLow: number;
  consistentlyLow: boolean;
  attention: boolean;
  significantConcern: boolean;
  priorityContact: boolean;
  /** Latest − the score `recoveryWeeks` scored weeks earlier; null with too little history. */
  recoveryChange: number | null;
  recovering: boolean;
  /** Consecutive latest weeks of no or very low activity. */
  lowActivityWeeks: number;
  lowEngagement: boolean;
  daysSinceContact: number | null;
  openCase: boolean;
  engageNoCase: boolean;
}

export function computeSignals(
  input: SignalInput,
  config: SignalConfig = DEFAULT_SIGNAL_CONFIG,
): StudentSignals {
  const { scores, openCase } = input;
  scores.forEach((point, i) => {
    const previous = scores[i - 1];
    if (previous && previous.week >= point.week) {
      throw new RangeError(
        `score history must be oldest first, one per week: ${previous.week} then ${point.week}`,
      );
    }
  });
  const latest = scores[scores.length - 1];
  const series = scores.filter((point) => point.sharedCause === null);
  const last = series.length - 1;
  /** The score at `at` − the score `weeksBack` scored weeks before it (or the earliest); null under two weeks. */
  const change = (weeksBack: number, requireFull: boolean, at = last): number | null => {
    if (at < 1 || (requireFull && at < weeksBack)) return null;
    return (series[at] as ScorePoint).score - (series[Math.max(0, at - weeksBack)] as ScorePoint).score;
  };
  const decliningAt = (at: number): boolean => {
    const drop = change(config.declineWeeks, false, at);
    return drop !== null && drop < -config.declineDrop;
  };

  const fourWeekChange = change(config.declineWeeks, false);
  const recoveryChange = change(config.recoveryWeeks, true);
  const declining = decliningAt(last);
  const low = config.lowEngagement;
  const lowActivity = (point: ScorePoint) =>
    point.activity <= low.maxActivity || point.activityPercentile <= low.bottomShare;
  const concernAt = (at: number): boolean =>
    (series[at] as ScorePoint).score < config.attentionBelow ||
    decliningAt(at) ||
    trailing(series, lowActivity, at) >= low.weeks;
  let afterConcern = false;
  // The concern comes before the rise: in the `concernWeeks` scored weeks up to the rise's first week.
  // Only once those weeks are all there: a term's first weeks are no baseline to recover from.
  const riseStart = last - config.recoveryWeeks;
  for (let i = riseStart - config.concernWeeks + 1; i >= 0 && i <= riseStart && !afterConcern; i++) {
    afterConcern = concernAt(i);
  }
  const weeksBelowLow = trailing(series, (point) => point.score < config.lowScore);
  const lowActivityWeeks = trailing(series, lowActivity);
  const contactDays = daysSinceContact(input.contacts, input.asOf);
  const score = latest?.score ?? null;
  const attention = score !== null && score < config.attentionBelow;

  return {
    week: latest?.week ?? null,
    score,
    band: score === null ? null : bandOf(score),
    attendancePct: latest?.attendancePct ?? null,
    attendanceMissing:
      latest !== undefined && latest.attendancePct === null && scores.some((p) => p.attendancePct !== null),
    sharedCauseThisWeek: latest !== undefined && latest.sharedCause !== null,
    fourWeekChange,
    trend: trendOf(fourWeekChange, config.trendDeadband),
    weeksOfDecline: trailingSteps(series, (before, after) => after < before),
    declining,
    weeksBelowLow,
    consistentlyLow: weeksBelowLow >= config.lowWeeks,
    attention,
    significantConcern: score !== null && score < config.concernBelow,
    priorityContact:
      attention && !openCase && (contactDays === null || contactDays >= config.contactWindowDays),
    recoveryChange,
    recovering: afterConcern && recoveryChange !== null && recoveryChange >= config.recoveryGain,
    lowActivityWeeks,
    lowEngagement: lowActivityWeeks >= low.weeks,
    daysSinceContact: contactDays,
    openCase,
    engageNoCase: declining && !openCase,
  };
}

function trendOf(change: number | null, deadband: number): Trend | null {
  if (change === null) return null;
  if (change > deadband) return 'up';
  if (change < -deadband) return 'down';
  return 'flat';
}

/** How many points in a row satisfy the test, ending at `end` (default: the latest). */
function trailing(
  series: readonly ScorePoint[],
  test: (point: ScorePoint) => boolean,
  end = series.length - 1,
): number {
  let run = 0;
  for (let i = end; i >= 0 && test(series[i] as ScorePoint); i--) run += 1;
  return run;
}

/** How many of the latest week-on-week steps in a row satisfy the test. */
function trailingSteps(
  series: readonly ScorePoint[],
  test: (before: number, after: number) => boolean,
): number {
  let run = 0;
  for (let i = series.length - 1; i >= 1; i--) {
    if (!test((series[i - 1] as ScorePoint).score, (series[i] as ScorePoint).score)) break;
    run += 1;
  }
  return run;
}

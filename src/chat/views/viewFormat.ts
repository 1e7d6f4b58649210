/**
 * Words and symbols for the numbers in chat views, shared by every renderer (Adaptive Cards, Block Kit) so
 * a score, trend or attendance reads the same on every platform: "—" for unknown, ▲▼▶ for trends, a
 * real minus sign for falls, and text truncated with an ellipsis rather than cut mid-word by a platform.
 */
import type { Trend } from '../../signals/studentSignals.ts';
import { riskWording } from '../../prediction/targets.ts';
import type { CaseCardView, ChooseStudentView, DigestView, StudentCardView } from './viewModel.ts';

export const UNKNOWN = '—';
const MINUS = '−';
const SPARK_LEVELS = '▁▂▃▄▅▆▇█';

export function formatScore(score: number | null): string {
  return score === null ? UNKNOWN : String(Math.round(score));
}

export function trendArrow(trend: Trend | null): string {
  if (trend === 'up') return '▲';
  if (trend === 'down') return '▼';
  if (trend === 'flat') return '▶';
  return UNKNOWN;
}

/** "+35", "−120", "0" or "—". */
export function formatChange(change: number | null): string {
  if (change === null) return UNKNOWN;
  const rounded = Math.round(change);
  if (rounded > 0) return `+${rounded}`;
  if (rounded < 0) return `${MINUS}${-rounded}`;
  return '0';
}

/** A signed decimal with a real minus sign: "+0.12", "−1.23", "—" for unknown. */
export function formatSigned(value: number | null, decimals = 2): string {
  if (value === null) return UNKNOWN;
  const fixed = Math.abs(value).toFixed(decimals);
  if (Number(fixed) === 0) return (0).toFixed(decimals);
  return `${value < 0 ? MINUS : '+'}${fixed}`;
}

/** Arrow and four-week change together: "▼ −120". */
export function formatTrend(trend: Trend | null, change: number | null): string {
  if (trend === null && change === null) return UNKNOWN;
  return `${trendArrow(trend)} ${formatChange(change)}`;
}

/** What a score means, said wherever scores are shown. */
export const SCORE_SCALE = '500 = peer average';

/**
 * How a source's normal score (this week's measure against the peer group's, in standard deviations)
 * reads in words: "well above peers" … "well below peers".
 */
export function comparedWithPeers(normalScore: number | null): string {
  if (normalScore === null) return 'no data this week';
  if (normalScore >= 1) return 'well above peers';
  if (normalScore >= 0.25) return 'above peers';
  if (normalScore > -0.25) return 'about the same as peers';
  if (normalScore > -1) return 'below peers';
  return 'well below peers';
}

/** How much a source moved the score (its weight × its comparison with peers), in words. */
export function effectOnScore(contribution: number): string {
  if (contribution >= 0.3) return 'raises it a lot';
  if (contribution >= 0.05) return 'raises it';
  if (contribution > -0.05) return 'little effect';
  if (contribution > -0.3) return 'lowers it';
  return 'lowers it a lot';
}

/** The key under "Why this score", in plain words. */
export const EXPLANATION_KEY =
  "Each source's share of the score, this week's figure beside the peer group's median, how it compares " +
  'with students in the same programme and year, and whether it raised or lowered the score.';

/** A count with thousands separated: 1895 → "1,895". */
export function formatCount(count: number): string {
  return count.toLocaleString('en-GB');
}

/** What every surface says for a source with no data this week (never an earlier week's figure). */
export const MISSING_THIS_WEEK = 'missing this week';

/**
 * This week's attendance beside a score: "72%", "missing this week" when the registers are missing
 * (`missing`), "—" when attendance is not recorded for the student at all.
 */
export function formatAttendance(percent: number | null, missing: boolean): string {
  if (percent !== null) return formatPercent(percent);
  return missing ? MISSING_THIS_WEEK : UNKNOWN;
}

/**
 * A source's measure in a score explanation: the value, or "missing this week", with the earlier value
 * the score carried forward in its place when it did ("missing this week (91% carried forward)").
 */
export function formatSourceMeasure(value: string | null, carriedForward: boolean): string {
  if (value === null) return MISSING_THIS_WEEK;
  return carriedForward ? `${MISSING_THIS_WEEK} (${value} carried forward)` : value;
}

/** Attendance 0–100 → "72%". */
export function formatPercent(percent: number | null): string {
  return percent === null ? UNKNOWN : `${Math.round(percent)}%`;
}

/**
 * A calibrated risk as people read it: whole percents, but never "0%" or "100%" — a model trained on a few
 * hundred students is not that certain, and its top calibration step says only "more than 95%".
 */
export function formatRisk(probability: number | null): string {
  if (probability === null) return UNKNOWN;
  if (probability > 0.95) return '>95%';
  if (probability < 0.05) return '<5%';
  return `${Math.round(probability * 100)}%`;
}

/** A count of students below this (but above none) is suppressed in aggregates: "fewer than 5". */
export const SMALL_NUMBER = 5;
export const SUPPRESSED_COUNT = `fewer than ${SMALL_NUMBER}`;

/** A band's students as shown: "12 (4%)", or "fewer than 5" for a band suppressed in an aggregate view. */
export function bandFigure(band: { count: number; share: number; suppressed?: boolean }): string {
  return band.suppressed ? SUPPRESSED_COUNT : `${formatCount(band.count)} (${formatShare(band.share)})`;
}

/** Share 0–1 → "12%", with "<1%" for a non-zero share that would round to nothing. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.005) return '<1%';
  return `${Math.round(share * 100)}%`;
}

/** Days since the last staff contact: "3 d", or "none" when nobody has logged one. */
export function formatDaysSince(days: number | null): string {
  return days === null ? 'none' : `${days} d`;
}

/** Recent scores as a small text sparkline on the 0–1,000 scale: "▅▅▄▃▂". */
export function sparkline(scores: readonly number[]): string {
  return scores
    .map((score) => {
      const level = Math.floor((Math.max(0, Math.min(1000, score)) / 1001) * SPARK_LEVELS.length);
      return SPARK_LEVELS[level];
    })
    .join('');
}

/** The day of an ISO date or timestamp ("2026-11-09T12:45:00.000Z" → "2026-11-09"); other text unchanged. */
export function formatDay(at: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(at) ? at.slice(0, 10) : at;
}

function bandRangeLabel(from: number, to: number): string {
  return `${from}–${to}`;
}

/** A band's name with its score range, without repeating the range when the label already is one. */
export function bandName(label: string, from: number, to: number): string {
  const range = bandRangeLabel(from, to);
  return label === range ? range : `${label} (${range})`;
}

/**
 * Cuts text to at most `max` UTF-16 code units (how JSON payload limits count), ending with "…" when it
 * was cut; never splits a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const point of text) {
    if (kept.length + point.length + 1 > max) break;
    kept += point;
  }
  return `${kept.trimEnd()}…`;
}

/** "and 12 more" line for a list cut short. */
export function moreLine(hidden: number): string {
  return `and ${hidden} more`;
}

/** How many students a name search found: the candidates shown and the further matches held back. */
export function matchCount(view: ChooseStudentView): number {
  return view.candidates.length + (view.more ?? 0);
}

/** The "Which student?" card's first line: how many match and what to do. */
export function matchesIntro(view: ChooseStudentView): string {
  const matches = matchCount(view);
  return matches === 1
    ? `1 student matches “${view.query}”. Open them, or type more of the name.`
    : `${formatCount(matches)} students match “${view.query}”, best matches first. Choose one:`;
}

/** The line under the candidates when more students match than are shown: how many, and how to narrow. */
export function moreMatchesLine(hidden: number): string {
  return `and ${formatCount(hidden)} more — type more of the name, or the student id`;
}

/** The digest's line under its title: group, week, as-of date, how many scored, snoozed and exempt. */
export function digestSubtitle(view: DigestView): string {
  const snoozed = view.snoozedCount > 0 ? ` · ${view.snoozedCount} snoozed` : '';
  const exempt = view.exemptCount ? ` · ${view.exemptCount} exempt (known reason)` : '';
  return `${view.groupLabel} · week ${view.week} · as of ${view.asOf} · ${formatCount(view.scored)} scored${snoozed}${exempt} · ${SCORE_SCALE}`;
}

/**
 * The line under a case card's title: the student and when the case was opened — how staff refer to a
 * case ("Sam's case from 9 November"), never its internal id.
 */
export function caseSubtitle(view: CaseCardView): string {
  return `${view.student.id} · case opened ${formatDay(view.openedAt)} by ${view.owner}`;
}

/** The line under a student's name: id, programme and year, status, tutor. */
export function studentSubtitle(student: StudentCardView['student']): string {
  return [
    student.id,
    `${student.programme}, year ${student.yearOfStudy}`,
    student.status,
    student.tutor === null ? 'no tutor' : `tutor ${student.tutor}`,
  ].join(' · ');
}

/** One logged contact: "2026-11-09 · call · Sam Lee — Arranged a meeting". */
export function contactLine(contact: StudentCardView['contacts'][number]): string {
  return `${formatDay(contact.at)} · ${contact.channel} · ${contact.by}${contact.note ? ` — ${contact.note}` : ''}`;
}

/** The student card's facts, in order: score and band, four weeks, attendance, last contact, open case, week. */
export function studentFacts(view: StudentCardView): { title: string; value: string }[] {
  const { activeCase } = view;
  return [
    {
      title: 'Score',
      value: `${formatScore(view.score)}${view.band === null ? '' : ` · band ${view.bandLabel ?? view.band}`} (${SCORE_SCALE})`,
    },
    { title: 'Four weeks', value: formatTrend(view.trend, view.fourWeekChange) },
    { title: 'Attendance', value: formatAttendance(view.attendancePct, view.attendanceMissing) },
    {
      title: 'Last contact',
      value: view.daysSinceContact === null ? 'none logged' : `${view.daysSinceContact} days ago`,
    },
    {
      title: 'Open case',
      value:
        activeCase === null
          ? 'none'
          : `${activeCase.reason} — ${activeCase.status}, ${activeCase.owner}, since ${formatDay(activeCase.openedAt)}`,
    },
    ...(view.prediction
      ? [
          {
            title: 'Trajectory',
            value: `${view.prediction.trajectory} · ${formatRisk(view.prediction.risk)} ${riskWording(view.prediction.target)}`,
          },
          ...(view.prediction.reasons.length > 0
            ? [{ title: 'Why', value: view.prediction.reasons.join('; ') }]
            : []),
        ]
      : []),
    { title: 'Week', value: view.week ?? UNKNOWN },
  ];
}

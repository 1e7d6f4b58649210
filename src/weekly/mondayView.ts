/**
 * The Monday view of a scored week, built once as data: the band distribution, the Declining, At risk
 * (predicted, empty without a model), Consistently low and Priority contact lists (each row with score, four-week trend, attendance and days
 * since contact), every list's count, and the peer groups whose week was a shared cause. The CLI prints it;
 * the chat digests render it.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { SharedCause } from '../domain/model.ts';
import { bandDistribution, type BandDistribution } from '../signals/distribution.ts';
import { buildList, LIST_KINDS, type ListFilter, type ListKind } from '../signals/lists.ts';
import type { Trend } from '../signals/studentSignals.ts';
import { TARGET_EVENT, type ModelTarget } from '../prediction/targets.ts';
import type { SignalEntry, SignalSnapshot } from './loadSignals.ts';

export interface StudentRow {
  studentId: string;
  name: string;
  programmeId: string;
  yearOfStudy: number;
  score: number;
  fourWeekChange: number | null;
  trend: Trend | null;
  /** The latest scores, oldest first (up to six), for a sparkline. */
  recentScores: number[];
  attendancePct: number | null;
  /** This week's registers are missing (attendance recorded in earlier weeks, none this week). */
  attendanceMissing: boolean;
  daysSinceContact: number | null;
  openCase: boolean;
  /** The predicted trajectory, when the AI layer has a prediction for the week. */
  trajectory: string | null;
  /** Calibrated risk of the model's target (withdrawing or failing, or becoming disengaged), when predicted. */
  risk: number | null;
  /** The strongest reason in plain words, when predicted. */
  topReason: string | null;
}

export interface ViewSection {
  kind: ListKind;
  title: string;
  rule: string;
  total: number;
  rows: StudentRow[];
}

export interface MondayView {
  week: IsoWeek;
  asOf: string;
  students: number;
  scored: number;
  distribution: BandDistribution;
  sections: ViewSection[];
  counts: Record<ListKind, number>;
  sharedCauses: SharedCause[];
}

export const LIST_TITLES: Record<ListKind, { title: string; rule: string }> = {
  declining: { title: 'Declining', rule: 'score fell more than 100 points over four weeks' },
  'consistently-low': { title: 'Consistently low', rule: 'below 350 for three or more weeks' },
  attention: { title: 'Attention', rule: 'score below 350' },
  'significant-concern': { title: 'Significant concern', rule: 'score below 300' },
  'priority-contact': {
    title: 'Priority contact',
    rule: 'below 350, no open case, no staff contact in 14 days',
  },
  recovering: { title: 'Recovering', rule: 'up 50 points or more over two weeks' },
  'low-engagement': { title: 'Low or no engagement', rule: 'no or very low activity for two or more weeks' },
  'engage-no-case': { title: 'Engage + No Case', rule: 'declining with no open support case' },
  'at-risk': {
    title: 'At risk',
    rule: atRiskRule('outcome'),
  },
};

/** The At risk section's rule, worded for the model's target. */
export function atRiskRule(target: ModelTarget): string {
  return `the risk model's calibrated probability of ${TARGET_EVENT[target]} is at or above its threshold`;
}

const MONDAY_SECTIONS: ListKind[] = ['declining', 'at-risk', 'consistently-low', 'priority-contact'];

export function toStudentRow(entry: SignalEntry): StudentRow {
  const { student, signals } = entry;
  return {
    studentId: student.id,
    name: student.name,
    programmeId: student.programmeId,
    yearOfStudy: student.yearOfStudy,
    score: signals.score ?? 0,
    fourWeekChange: signals.fourWeekChange,
    trend: signals.trend,
    recentScores: entry.history.slice(-6).map((point) => point.score),
    attendancePct: signals.attendancePct === null ? null : Math.round(signals.attendancePct),
    attendanceMissing: signals.attendanceMissing,
    daysSinceContact: signals.daysSinceContact,
    openCase: signals.openCase,
    trajectory: entry.trajectory ?? null,
    risk: entry.risk?.probability ?? null,
    topReason: entry.risk?.reasons[0] ?? null,
  };
}

/** Entries scored in the snapshot's week: the population every list and the distribution are drawn from. */
export function scoredThisWeek(snapshot: SignalSnapshot): SignalEntry[] {
  return snapshot.entries.filter((entry) => entry.signals.week === snapshot.week);
}

export function listSection(
  entries: readonly SignalEntry[],
  kind: ListKind,
  limit: number,
  filter: ListFilter = {},
): ViewSection {
  const list = buildList(entries, kind, filter);
  const target = kind === 'at-risk' ? entries.find((entry) => entry.risk)?.risk?.target : undefined;
  const titles = target ? { ...LIST_TITLES[kind], rule: atRiskRule(target) } : LIST_TITLES[kind];
  return { kind, ...titles, total: list.length, rows: list.slice(0, limit).map(toStudentRow) };
}

export function buildMondayView(
  snapshot: SignalSnapshot,
  options: { limit?: number; sharedCauses?: SharedCause[]; filter?: ListFilter } = {},
): MondayView {
  const limit = options.limit ?? 10;
  const filter = options.filter ?? {};
  const scored = scoredThisWeek(snapshot);
  const counts = Object.fromEntries(
    LIST_KINDS.map((kind) => [kind, buildList(scored, kind, filter).length]),
  ) as Record<ListKind, number>;
  return {
    week: snapshot.week,
    asOf: snapshot.asOf.toISOString(),
    students: snapshot.entries.length,
    scored: scored.length,
    distribution: bandDistribution(scored, filter),
    // At risk only once the AI layer has predictions for the week (switched off: nothing shown).
    sections: MONDAY_SECTIONS.filter(
      (kind) => kind !== 'at-risk' || scored.some((entry) => entry.trajectory !== undefined),
    ).map((kind) => listSection(scored, kind, limit, filter)),
    counts,
    sharedCauses: options.sharedCauses ?? [],
  };
}

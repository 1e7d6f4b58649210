/**
 * Student lists as chat sections: the Monday rows (score, four-week trend, attendance, days since contact,
 * open case) in pages, each section saying what puts a student on it and how many are on it in total.
 */
import type { ListKind } from '../../signals/lists.ts';
import { bandOf } from '../../scoring/band.ts';
import { LIST_TITLES, toStudentRow } from '../../weekly/mondayView.ts';
import type { SignalEntry } from '../../weekly/loadSignals.ts';
import type { Button, ListSectionView, StudentListRow } from './viewModel.ts';

export type SectionKey = ListSectionView['key'];
export type ChatListKind = 'declining' | 'at-risk' | 'consistently-low' | 'priority-contact' | 'recovering';

/** The digest's "At risk" section: the students the risk model flags, highest risk first (issue 17). */
export const AT_RISK = LIST_TITLES['at-risk'];

export function toListRow(entry: SignalEntry): StudentListRow {
  const row = toStudentRow(entry);
  return {
    studentId: row.studentId,
    name: row.name,
    score: row.score,
    band: bandOf(row.score),
    fourWeekChange: row.fourWeekChange,
    trend: row.trend,
    recentScores: row.recentScores,
    attendancePct: row.attendancePct,
    attendanceMissing: row.attendanceMissing,
    daysSinceContact: row.daysSinceContact,
    openCase: row.openCase,
    trajectory: row.trajectory,
    topReason: row.topReason,
  };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** One page of an ordered list as a section; `more` is the button shown when more rows follow this page. */
export function sectionPage(options: {
  key: SectionKey;
  title: string;
  rule: string;
  entries: readonly SignalEntry[];
  page: number;
  pageSize: number;
  more?: (nextPage: number) => Button;
}): ListSectionView {
  const { entries, page, pageSize } = options;
  const start = (page - 1) * pageSize;
  const rows = entries.slice(start, start + pageSize).map(toListRow);
  const section: ListSectionView = {
    key: options.key,
    title: options.title,
    rule: options.rule,
    total: entries.length,
    offset: Math.min(start, entries.length),
    rows,
  };
  if (options.more && start + pageSize < entries.length) section.more = options.more(page + 1);
  return section;
}

export function listTitle(kind: ListKind): { title: string; rule: string } {
  return LIST_TITLES[kind];
}

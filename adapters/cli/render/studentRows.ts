/** A list of students as a text table: score, four-week change and trend, attendance, last contact, case. */
import type { StudentRow } from '../../../src/weekly/mondayView.ts';
import { formatTable } from '../output.ts';
import { daysAgo, percent, signed, sparkline, trendArrow } from './text.ts';

export function studentTable(rows: readonly StudentRow[]): string[] {
  return formatTable([
    ['id', 'name', 'programme', 'yr', 'score', '4-wk', 'trend', 'attendance', 'last contact', 'case'],
    ...rows.map((row) => [
      row.studentId,
      row.name,
      row.programmeId,
      `${row.yearOfStudy}`,
      `${row.score}`,
      signed(row.fourWeekChange),
      `${trendArrow(row.trend)} ${sparkline(row.recentScores)}`,
      percent(row.attendancePct),
      daysAgo(row.daysSinceContact),
      row.openCase ? 'open' : '',
    ]),
  ]);
}

/**
 * A list of students as a text table: score, four-week change and trend, attendance, last contact, case;
 * and risk, trajectory and top reason when the AI layer has predictions; who is contacting each student
 * when given their claims.
 */
import type { StudentRow } from '../../../src/weekly/mondayView.ts';
import { formatAttendance, formatRisk } from '../../../src/chat/views/viewFormat.ts';
import { formatTable } from '../output.ts';
import { claimedByText, type ClaimsByStudent } from './claimedBy.ts';
import { daysAgo, signed, sparkline, trendArrow } from './text.ts';

/** With predictions, three more columns: calibrated risk, trajectory and the top reason; with claims, "claimed by". */
export function studentTable(rows: readonly StudentRow[], claims?: ClaimsByStudent): string[] {
  const predicted = rows.some((row) => row.trajectory !== null);
  const prediction = (row: StudentRow) =>
    predicted ? [formatRisk(row.risk), row.trajectory ?? '—', row.topReason ?? ''] : [];
  return formatTable([
    [
      'id',
      'name',
      'programme',
      'yr',
      'score',
      '4-wk',
      'trend',
      'attendance',
      'last contact',
      'case',
      ...(predicted ? ['risk', 'trajectory', 'top reason'] : []),
      ...(claims ? ['claimed by'] : []),
    ],
    ...rows.map((row) => [
      row.studentId,
      row.name,
      row.programmeId,
      `${row.yearOfStudy}`,
      `${row.score}`,
      signed(row.fourWeekChange),
      `${trendArrow(row.trend)} ${sparkline(row.recentScores)}`,
      formatAttendance(row.attendancePct, row.attendanceMissing),
      daysAgo(row.daysSinceContact),
      row.openCase ? 'open' : '',
      ...prediction(row),
      ...(claims ? [claimedByText(claims.get(row.studentId))] : []),
    ]),
  ]);
}

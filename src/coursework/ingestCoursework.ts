/**
 * A coursework delivery (a CSV file of student, assessment, due, submitted, mark, marked): like every feed
 * it is claimed by its content fingerprint before anything is saved (the same file twice is a duplicate),
 * each row is validated and a bad row is quarantined with its file, line, field and reason while the good
 * rows land, and a header without a required column rejects the delivery. The good rows are reduced at
 * once to weekly counts per student (CourseworkTally: deadlines due, met on time, late, marks known); the
 * rows themselves are not kept. The counts replace the named students' counts from the file's earliest
 * week on, so a corrected file replaces what it covers. See docs/coursework.md.
 */
import type { Delivery } from '../ingest/delivery.ts';
import { readWholeFileFeed, settleWholeFileFeed } from '../ingest/wholeFileFeed.ts';
import type { Repositories } from '../repositories/index.ts';
import { COURSEWORK_COLUMNS, readCourseworkRow, type CourseworkRow } from './courseworkRows.ts';
import { CourseworkTally } from './courseworkTally.ts';

/** The quarantine and delivery log name coursework deliveries under this source id. */
export const COURSEWORK_SOURCE_ID = 'coursework';

export interface CourseworkIngestReport {
  deliveryId: string;
  name: string;
  status: 'applied' | 'rejected' | 'duplicate';
  rows: number;
  /** Good rows, and the student-weeks of counts they became. */
  saved: number;
  studentWeeks: number;
  quarantined: number;
  reason: string | null;
}

export async function ingestCoursework(
  repos: Repositories,
  delivery: Delivery,
): Promise<CourseworkIngestReport> {
  const students = new Set(await repos.institution.studentIds());
  const columns = [...COURSEWORK_COLUMNS.required, ...COURSEWORK_COLUMNS.optional];
  const read = await readWholeFileFeed<CourseworkRow>(repos, delivery, {
    sourceId: COURSEWORK_SOURCE_ID,
    kind: 'a coursework delivery',
    expectedHeader: columns.join(', '),
    checkHeader: (header) => {
      const missing = COURSEWORK_COLUMNS.required.filter((column) => !header.includes(column));
      return missing.length === 0
        ? null
        : `the header has no ${missing.join(', ')} column (columns: ${COURSEWORK_COLUMNS.required.join(', ')}, optional ${COURSEWORK_COLUMNS.optional.join(', ')})`;
    },
    readRow: (values) => {
      const verdict = readCourseworkRow(values, (id) => students.has(id));
      return 'reason' in verdict
        ? verdict
        : { row: verdict.row, key: `${verdict.row.studentId}\u0000${verdict.row.assessment}` };
    },
    repeated: () => 'a second row for this student and assessment in the file',
    repeatedField: 'assessment',
  });
  const report = { deliveryId: delivery.id, name: delivery.name, studentWeeks: 0 };
  if (read.status === 'duplicate') return { ...report, ...read, saved: 0, quarantined: 0 };
  const rows = read.good;
  const tally = new CourseworkTally();
  for (const row of rows) {
    if (row.dueDay !== null) tally.addDeadline(row.studentId, row.dueDay);
    if (row.submission) tally.addSubmission(row.studentId, row.submission);
  }
  const counts = tally.weeks();
  const named = [...new Set(rows.map((row) => row.studentId))];
  if (counts.length > 0) {
    const first = counts.map((count) => count.week).sort()[0] as string;
    await repos.coursework.replaceFrom(named, first, counts);
  }
  await settleWholeFileFeed(repos, delivery, read, { good: rows.length, students: named.length });
  return {
    ...report,
    status: read.status,
    rows: read.rows,
    saved: rows.length,
    studentWeeks: counts.length,
    quarantined: read.quarantined.length,
    reason: read.reason,
  };
}

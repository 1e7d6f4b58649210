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
import { CsvReader, type CsvRecord } from '../ingest/csv.ts';
import { processingRecord } from '../ingest/ingestDelivery.ts';
import type { QuarantinedRow } from '../ingest/reduce.ts';
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
  const report: CourseworkIngestReport = {
    deliveryId: delivery.id,
    name: delivery.name,
    status: 'applied',
    rows: 0,
    saved: 0,
    studentWeeks: 0,
    quarantined: 0,
    reason: null,
  };
  const claimed = processingRecord({ ...delivery, sourceId: COURSEWORK_SOURCE_ID, mode: 'snapshot' });
  if (!(await repos.deliveries.claim(claimed))) {
    const previous = await repos.deliveries.find(COURSEWORK_SOURCE_ID, delivery.id);
    if (previous && previous.status !== 'processing') {
      return {
        ...report,
        status: 'duplicate',
        rows: previous.rows,
        reason: `already delivered: ${previous.status}`,
      };
    }
    // Left processing by a run that stopped: run it again from the start (saving replaces).
    await repos.quarantine.clearDelivery(COURSEWORK_SOURCE_ID, delivery.id);
  }
  if (delivery.content.kind !== 'csv') throw new Error('a coursework delivery is a CSV file');
  const students = new Set(await repos.institution.studentIds());
  const quarantined: QuarantinedRow[] = [];
  const byKey = new Map<string, CourseworkRow>();
  const quarantine = (
    line: number,
    field: string | null,
    reason: string,
    values: Record<string, string> | null,
  ) => quarantined.push({ file: delivery.name, line, field, reason, values });

  const reader = new CsvReader();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let headerChecked = false;
  const checkHeader = () => {
    if (headerChecked || reader.header === null) return;
    headerChecked = true;
    const columns = reader.header.map((column) => column.trim().toLowerCase());
    const missing = COURSEWORK_COLUMNS.required.filter((column) => !columns.includes(column));
    if (missing.length > 0) {
      report.status = 'rejected';
      report.reason = `the header has no ${missing.join(', ')} column (columns: ${COURSEWORK_COLUMNS.required.join(', ')}, optional ${COURSEWORK_COLUMNS.optional.join(', ')})`;
    }
  };
  const take = (records: CsvRecord[]) => {
    checkHeader();
    for (const record of records) {
      if (report.status === 'rejected') return;
      report.rows += 1;
      if ('error' in record) {
        quarantine(record.line, null, record.error, null);
        continue;
      }
      const values = Object.fromEntries(
        Object.entries(record.values).map(([column, value]) => [column.trim().toLowerCase(), value]),
      );
      const verdict = readCourseworkRow(values, (id) => students.has(id));
      if ('reason' in verdict) {
        quarantine(record.line, verdict.field, verdict.reason, values);
        continue;
      }
      const key = `${verdict.row.studentId}\u0000${verdict.row.assessment}`;
      if (byKey.has(key)) {
        quarantine(
          record.line,
          'assessment',
          'a second row for this student and assessment in the file',
          values,
        );
        continue;
      }
      byKey.set(key, verdict.row);
    }
  };
  for await (const chunk of delivery.content.bytes)
    take(reader.push(decoder.decode(chunk, { stream: true })));
  take(reader.push(decoder.decode()));
  take(reader.end());
  checkHeader();
  if (reader.header === null && report.status !== 'rejected') {
    report.status = 'rejected';
    report.reason = `the file is empty: expected a header row (${[...COURSEWORK_COLUMNS.required, ...COURSEWORK_COLUMNS.optional].join(', ')})`;
  }

  const rows = report.status === 'rejected' ? [] : [...byKey.values()];
  const tally = new CourseworkTally();
  for (const row of rows) {
    if (row.dueDay !== null) tally.addDeadline(row.studentId, row.dueDay);
    if (row.submission) tally.addSubmission(row.studentId, row.submission);
  }
  const counts = tally.weeks();
  if (counts.length > 0) {
    const first = counts.map((count) => count.week).sort()[0] as string;
    await repos.coursework.replaceFrom([...new Set(rows.map((row) => row.studentId))], first, counts);
  }
  if (report.status !== 'rejected' && quarantined.length > 0) {
    await repos.quarantine.add(COURSEWORK_SOURCE_ID, delivery.id, quarantined, delivery.receivedAt);
  }
  report.saved = rows.length;
  report.studentWeeks = counts.length;
  report.quarantined = report.status === 'rejected' ? 0 : quarantined.length;
  await repos.deliveries.save({
    ...claimed,
    status: report.status === 'rejected' ? 'rejected' : 'applied',
    rows: report.rows,
    good: report.saved,
    quarantined: report.quarantined,
    students: new Set(rows.map((row) => row.studentId)).size,
    reason: report.reason,
    appliedAt: report.status === 'rejected' ? null : delivery.receivedAt,
  });
  return report;
}

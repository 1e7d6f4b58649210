/**
 * An outcomes delivery (a CSV file of student, term, outcome, date): like every feed it is claimed by its
 * content fingerprint before anything is saved (the same file twice is a duplicate, not counted again), each row is validated
 * and a bad row is quarantined with its file, line, field and reason while the good rows land, and saving
 * is an upsert by student and term, so a corrected file replaces what it covers. A header without a
 * required column rejects the delivery. The outcomes are what `engage evaluate` and the risk model
 * measure against (docs/evidence.md).
 */
import type { Delivery } from '../ingest/delivery.ts';
import { CsvReader, type CsvRecord } from '../ingest/csv.ts';
import { processingRecord } from '../ingest/ingestDelivery.ts';
import type { QuarantinedRow } from '../ingest/reduce.ts';
import type { Repositories } from '../repositories/index.ts';
import type { StudentOutcome } from '../repositories/outcomes.ts';
import { OUTCOME_COLUMNS, readOutcomeRow } from './outcomeRows.ts';

/** The quarantine and delivery log name outcomes deliveries under this source id. */
export const OUTCOMES_SOURCE_ID = 'outcomes';

export interface OutcomesIngestReport {
  deliveryId: string;
  name: string;
  status: 'applied' | 'rejected' | 'duplicate';
  rows: number;
  saved: number;
  quarantined: number;
  terms: string[];
  reason: string | null;
}

export async function ingestOutcomes(repos: Repositories, delivery: Delivery): Promise<OutcomesIngestReport> {
  const report: OutcomesIngestReport = {
    deliveryId: delivery.id,
    name: delivery.name,
    status: 'applied',
    rows: 0,
    saved: 0,
    quarantined: 0,
    terms: [],
    reason: null,
  };
  const claimed = processingRecord({ ...delivery, sourceId: OUTCOMES_SOURCE_ID, mode: 'snapshot' });
  if (!(await repos.deliveries.claim(claimed))) {
    const previous = await repos.deliveries.find(OUTCOMES_SOURCE_ID, delivery.id);
    if (previous && previous.status !== 'processing') {
      return {
        ...report,
        status: 'duplicate',
        rows: previous.rows,
        reason: `already delivered: ${previous.status}`,
      };
    }
    // Left processing by a run that stopped: run it again from the start (saving is an upsert).
    await repos.quarantine.clearDelivery(OUTCOMES_SOURCE_ID, delivery.id);
  }
  if (delivery.content.kind !== 'csv') throw new Error('an outcomes delivery is a CSV file');
  const students = new Set(await repos.institution.studentIds());
  const quarantined: QuarantinedRow[] = [];
  const byKey = new Map<string, StudentOutcome>();
  const quarantine = (
    line: number,
    field: string | null,
    reason: string,
    values: Record<string, string> | null,
  ) => quarantined.push({ file: delivery.name, line, field, reason, values });

  const reader = new CsvReader();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let headerChecked = false;
  /** Rejects the delivery, once its header has been read, when a required column is missing. */
  const checkHeader = () => {
    if (headerChecked || reader.header === null) return;
    headerChecked = true;
    const columns = reader.header.map((column) => column.trim().toLowerCase());
    const missing = OUTCOME_COLUMNS.required.filter((column) => !columns.includes(column));
    if (missing.length > 0) {
      report.status = 'rejected';
      report.reason = `the header has no ${missing.join(', ')} column (columns: ${OUTCOME_COLUMNS.required.join(', ')}, optional date)`;
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
      const verdict = readOutcomeRow(values, (id) => students.has(id));
      if ('reason' in verdict) {
        quarantine(record.line, verdict.field, verdict.reason, values);
        continue;
      }
      const key = `${verdict.outcome.studentId}\u0000${verdict.outcome.term}`;
      const earlier = byKey.get(key);
      if (earlier && earlier.finalResult !== verdict.outcome.finalResult) {
        quarantine(
          record.line,
          'outcome',
          'a second, different outcome for this student and term in the file',
          values,
        );
        continue;
      }
      byKey.set(key, verdict.outcome);
    }
  };
  for await (const chunk of delivery.content.bytes)
    take(reader.push(decoder.decode(chunk, { stream: true })));
  take(reader.push(decoder.decode()));
  take(reader.end());
  checkHeader();
  if (reader.header === null && report.status !== 'rejected') {
    report.status = 'rejected';
    report.reason = 'the file is empty: expected a header row (student, term, outcome, date)';
  }

  const outcomes = report.status === 'rejected' ? [] : [...byKey.values()];
  if (outcomes.length > 0) await repos.outcomes.saveOutcomes(outcomes);
  if (report.status !== 'rejected' && quarantined.length > 0) {
    await repos.quarantine.add(OUTCOMES_SOURCE_ID, delivery.id, quarantined, delivery.receivedAt);
  }
  report.saved = outcomes.length;
  report.quarantined = report.status === 'rejected' ? 0 : quarantined.length;
  report.terms = [...new Set(outcomes.map((outcome) => outcome.term as string))].sort();
  await repos.deliveries.save({
    ...claimed,
    status: report.status === 'rejected' ? 'rejected' : 'applied',
    rows: report.rows,
    good: report.saved,
    quarantined: report.quarantined,
    students: new Set(outcomes.map((outcome) => outcome.studentId)).size,
    reason: report.reason,
    appliedAt: report.status === 'rejected' ? null : delivery.receivedAt,
  });
  return report;
}

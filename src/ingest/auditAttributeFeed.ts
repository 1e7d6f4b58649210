/**
 * An audit-attributes delivery (`engage attributes import`): a CSV of student, term and one column per
 * attribute the institution audits the risk model's fairness by (gender, disability, age band,
 * deprivation band, …). Like every feed it is claimed by its content fingerprint first (the same file
 * twice is a duplicate), each row is validated and a bad row is quarantined with its file, line, field and
 * reason while the good rows land; a header without student and term, or with no attribute column, rejects
 * the delivery. The values go to the audit-only store the fairness report alone reads
 * (repositories/auditAttributes.ts); the quarantine keeps only a bad row's student and term, never the
 * attribute values themselves.
 */
import { type AuditAttributeRepository, type AuditAttributeUpdate } from '../repositories/auditAttributes.ts';
import type { Repositories } from '../repositories/index.ts';
import { attributeColumns, columnName, readAttributeRow } from './auditAttributeRows.ts';
import { CsvReader, type CsvRecord } from './csv.ts';
import type { Delivery } from './delivery.ts';
import { processingRecord } from './ingestDelivery.ts';
import type { QuarantinedRow } from './reduce.ts';

/** The quarantine and delivery log name attribute deliveries under this source id. */
export const AUDIT_ATTRIBUTES_SOURCE_ID = 'audit-attributes';

export interface AttributesIngestReport {
  deliveryId: string;
  name: string;
  status: 'applied' | 'rejected' | 'duplicate';
  rows: number;
  /** Student-term rows saved. */
  saved: number;
  quarantined: number;
  attributes: string[];
  terms: string[];
  reason: string | null;
}

export async function ingestAuditAttributes(
  repos: Repositories,
  attributes: AuditAttributeRepository,
  delivery: Delivery,
): Promise<AttributesIngestReport> {
  const report: AttributesIngestReport = {
    deliveryId: delivery.id,
    name: delivery.name,
    status: 'applied',
    rows: 0,
    saved: 0,
    quarantined: 0,
    attributes: [],
    terms: [],
    reason: null,
  };
  const claimed = processingRecord({ ...delivery, sourceId: AUDIT_ATTRIBUTES_SOURCE_ID, mode: 'snapshot' });
  if (!(await repos.deliveries.claim(claimed))) {
    const previous = await repos.deliveries.find(AUDIT_ATTRIBUTES_SOURCE_ID, delivery.id);
    if (previous && previous.status !== 'processing') {
      return {
        ...report,
        status: 'duplicate',
        rows: previous.rows,
        reason: `already delivered: ${previous.status}`,
      };
    }
    // Left processing by a run that stopped: run it again from the start (saving is an upsert).
    await repos.quarantine.clearDelivery(AUDIT_ATTRIBUTES_SOURCE_ID, delivery.id);
  }
  if (delivery.content.kind !== 'csv') throw new Error('an audit-attributes delivery is a CSV file');
  const [students, calendar] = await Promise.all([
    repos.institution.studentIds(),
    repos.institution.calendar(),
  ]);
  const enrolled = new Set(students);
  const terms = [...new Set(calendar.map((week) => week.term))];
  const quarantined: QuarantinedRow[] = [];
  const byKey = new Map<string, AuditAttributeUpdate>();
  let columns: string[] | null = null;

  const reader = new CsvReader();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  const checkHeader = () => {
    if (columns !== null || report.status === 'rejected' || reader.header === null) return;
    const verdict = attributeColumns(reader.header);
    if ('reason' in verdict) {
      report.status = 'rejected';
      report.reason = verdict.reason;
    } else columns = verdict.columns;
  };
  const take = (records: CsvRecord[]) => {
    checkHeader();
    for (const record of records) {
      if (report.status === 'rejected' || columns === null) return;
      report.rows += 1;
      if ('error' in record) {
        quarantined.push({
          file: delivery.name,
          line: record.line,
          field: null,
          reason: record.error,
          values: null,
        });
        continue;
      }
      const values = Object.fromEntries(
        Object.entries(record.values).map(([column, value]) => [columnName(column), value]),
      );
      // Only the key columns are kept with a bad row: attribute values stay out of the quarantine.
      const keys = { student: values.student ?? '', term: values.term ?? '' };
      const bad = (field: string | null, reason: string) =>
        quarantined.push({ file: delivery.name, line: record.line, field, reason, values: keys });
      const verdict = readAttributeRow(values, columns, (id) => enrolled.has(id), terms);
      if ('reason' in verdict) {
        bad(verdict.field, verdict.reason);
        continue;
      }
      const key = `${verdict.studentId}\u0000${verdict.term}`;
      if (byKey.has(key)) {
        bad('student', 'a second row for this student and term in the file');
        continue;
      }
      byKey.set(key, { ...verdict, source: delivery.id });
    }
  };
  for await (const chunk of delivery.content.bytes)
    take(reader.push(decoder.decode(chunk, { stream: true })));
  take(reader.push(decoder.decode()));
  take(reader.end());
  checkHeader();
  if (reader.header === null && report.status !== 'rejected') {
    report.status = 'rejected';
    report.reason = 'the file is empty: expected a header row (student, term, then one column per attribute)';
  }

  const updates = report.status === 'rejected' ? [] : [...byKey.values()];
  await attributes.save(updates);
  if (report.status !== 'rejected' && quarantined.length > 0) {
    await repos.quarantine.add(AUDIT_ATTRIBUTES_SOURCE_ID, delivery.id, quarantined, delivery.receivedAt);
  }
  report.saved = updates.length;
  report.quarantined = report.status === 'rejected' ? 0 : quarantined.length;
  report.attributes = report.status === 'rejected' ? [] : [...(columns ?? [])];
  report.terms = [...new Set(updates.map((update) => update.term))].sort();
  await repos.deliveries.save({
    ...claimed,
    status: report.status === 'rejected' ? 'rejected' : 'applied',
    rows: report.rows,
    good: report.saved,
    quarantined: report.quarantined,
    students: new Set(updates.map((update) => update.studentId)).size,
    reason: report.reason,
    appliedAt: report.status === 'rejected' ? null : delivery.receivedAt,
  });
  return report;
}

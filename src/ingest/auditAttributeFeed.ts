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
import type { Delivery } from './delivery.ts';
import { readWholeFileFeed, settleWholeFileFeed } from './wholeFileFeed.ts';

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
  const [students, calendar] = await Promise.all([
    repos.institution.studentIds(),
    repos.institution.calendar(),
  ]);
  const enrolled = new Set(students);
  const terms = [...new Set(calendar.map((week) => week.term))];
  let columns: string[] = [];
  const read = await readWholeFileFeed<AuditAttributeUpdate>(repos, delivery, {
    sourceId: AUDIT_ATTRIBUTES_SOURCE_ID,
    kind: 'an audit-attributes delivery',
    expectedHeader: 'student, term, then one column per attribute',
    columnName,
    checkHeader: (header) => {
      const verdict = attributeColumns(header);
      if ('reason' in verdict) return verdict.reason;
      columns = verdict.columns;
      return null;
    },
    readRow: (values) => {
      // Only the key columns are kept with a bad row: attribute values stay out of the quarantine.
      const kept = { student: values.student ?? '', term: values.term ?? '' };
      const verdict = readAttributeRow(values, columns, (id) => enrolled.has(id), terms);
      return 'reason' in verdict
        ? { ...verdict, kept }
        : { row: { ...verdict, source: delivery.id }, key: `${verdict.studentId}\u0000${verdict.term}` };
    },
    repeated: () => 'a second row for this student and term in the file',
    repeatedField: 'student',
  });
  const report = { deliveryId: delivery.id, name: delivery.name, attributes: [], terms: [] };
  if (read.status === 'duplicate') return { ...report, ...read, saved: 0, quarantined: 0 };
  const updates = read.good;
  await attributes.save(updates);
  await settleWholeFileFeed(repos, delivery, read, {
    good: updates.length,
    students: new Set(updates.map((update) => update.studentId)).size,
  });
  return {
    ...report,
    status: read.status,
    rows: read.rows,
    saved: updates.length,
    quarantined: read.quarantined.length,
    attributes: read.status === 'rejected' ? [] : columns,
    terms: [...new Set(updates.map((update) => update.term))].sort(),
    reason: read.reason,
  };
}

/**
 * An outcomes delivery (a CSV file of student, term, outcome, date): like every feed it is claimed by its
 * content fingerprint before anything is saved (the same file twice is a duplicate, not counted again), each row is validated
 * and a bad row is quarantined with its file, line, field and reason while the good rows land, and saving
 * is an upsert by student and term, so a corrected file replaces what it covers. A header without a
 * required column rejects the delivery. The outcomes are what `engage evaluate` and the risk model
 * measure against (docs/evidence.md).
 */
import type { Delivery } from '../ingest/delivery.ts';
import { readWholeFileFeed, settleWholeFileFeed } from '../ingest/wholeFileFeed.ts';
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
  const students = new Set(await repos.institution.studentIds());
  const read = await readWholeFileFeed<StudentOutcome>(repos, delivery, {
    sourceId: OUTCOMES_SOURCE_ID,
    kind: 'an outcomes delivery',
    expectedHeader: 'student, term, outcome, date',
    checkHeader: (columns) => {
      const missing = OUTCOME_COLUMNS.required.filter((column) => !columns.includes(column));
      return missing.length === 0
        ? null
        : `the header has no ${missing.join(', ')} column (columns: ${OUTCOME_COLUMNS.required.join(', ')}, optional date)`;
    },
    readRow: (values) => {
      const verdict = readOutcomeRow(values, (id) => students.has(id));
      return 'reason' in verdict
        ? verdict
        : { row: verdict.outcome, key: `${verdict.outcome.studentId}\u0000${verdict.outcome.term}` };
    },
    repeated: (earlier, later) =>
      earlier.finalResult === later.finalResult
        ? null
        : 'a second, different outcome for this student and term in the file',
    repeatedField: 'outcome',
  });
  const report = { deliveryId: delivery.id, name: delivery.name, terms: [] as string[] };
  if (read.status === 'duplicate') return { ...report, ...read, saved: 0, quarantined: 0 };
  const outcomes = read.good;
  if (outcomes.length > 0) await repos.outcomes.saveOutcomes(outcomes);
  await settleWholeFileFeed(repos, delivery, read, {
    good: outcomes.length,
    students: new Set(outcomes.map((outcome) => outcome.studentId)).size,
  });
  return {
    ...report,
    status: read.status,
    rows: read.rows,
    saved: outcomes.length,
    quarantined: read.quarantined.length,
    terms: [...new Set(outcomes.map((outcome) => outcome.term as string))].sort(),
    reason: read.reason,
  };
}

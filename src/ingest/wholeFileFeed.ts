/**
 * The delivery contract shared by the whole-file CSV feeds that are not weekly activity (outcomes,
 * coursework, audit attributes): the delivery is claimed by its content fingerprint before anything is
 * saved (the same file twice is a duplicate; one left half-done by a stopped run is read again from the
 * start), the header is checked (a missing column rejects the whole delivery), each row is read by the
 * feed's own row reader and a bad row is quarantined with its file, line, field and reason while the good
 * rows are kept, and at the end the quarantine and the delivery log are settled. The feed saves its good
 * rows itself, between `readWholeFileFeed` and `settleWholeFileFeed`.
 */
import type { DeliveryRecord } from '../repositories/deliveries.ts';
import type { Repositories } from '../repositories/index.ts';
import { CsvReader, type CsvRecord } from './csv.ts';
import type { Delivery } from './delivery.ts';
import { processingRecord } from './ingestDelivery.ts';
import type { QuarantinedRow } from './reduce.ts';

/** A row the feed's reader refused: what is wrong, and which of the row's values the quarantine keeps. */
export interface RefusedRow {
  field: string | null;
  reason: string;
  /** What the quarantine keeps of the row (default: every value). */
  kept?: Record<string, string>;
}

export interface WholeFileFeed<T> {
  sourceId: string;
  /** Names the delivery in an error, e.g. "an outcomes delivery". */
  kind: string;
  /** The header an empty file should have had, in words, e.g. "student, term, outcome, date". */
  expectedHeader: string;
  /** A header cell as the row reader names it (default: trimmed, lower case). */
  columnName?: (column: string) => string;
  /** The reason the delivery is rejected for this header (named columns), or null when it will do. */
  checkHeader(columns: readonly string[]): string | null;
  /** One row (named columns) read: the good row and its key in the file, or why it is refused. */
  readRow(values: Record<string, string>): { row: T; key: string } | RefusedRow;
  /** Why a later row with the same key is refused; null: it agrees, and replaces the earlier one. */
  repeated(earlier: T, later: T): string | null;
  /** The field a repeated row is quarantined under. */
  repeatedField: string;
}

export type WholeFileRead<T> =
  | { status: 'duplicate'; rows: number; reason: string }
  | {
      status: 'applied' | 'rejected';
      claimed: DeliveryRecord;
      rows: number;
      /** The good rows, in file order (none when the delivery is rejected). */
      good: T[];
      quarantined: QuarantinedRow[];
      reason: string | null;
    };

const normalised = (column: string) => column.trim().toLowerCase();

export async function readWholeFileFeed<T>(
  repos: Repositories,
  delivery: Delivery,
  feed: WholeFileFeed<T>,
): Promise<WholeFileRead<T>> {
  const claimed = processingRecord({ ...delivery, sourceId: feed.sourceId, mode: 'snapshot' });
  if (!(await repos.deliveries.claim(claimed))) {
    const previous = await repos.deliveries.find(feed.sourceId, delivery.id);
    if (previous && previous.status !== 'processing') {
      return { status: 'duplicate', rows: previous.rows, reason: `already delivered: ${previous.status}` };
    }
    // Left processing by a run that stopped: run it again from the start (the feeds' saving replaces).
    await repos.quarantine.clearDelivery(feed.sourceId, delivery.id);
  }
  if (delivery.content.kind !== 'csv') throw new Error(`${feed.kind} is a CSV file`);
  const columnName = feed.columnName ?? normalised;
  const quarantined: QuarantinedRow[] = [];
  const byKey = new Map<string, T>();
  let rows = 0;
  let rejection: string | null = null;
  let headerChecked = false;

  const reader = new CsvReader();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  const checkHeader = () => {
    if (headerChecked || reader.header === null) return;
    headerChecked = true;
    rejection = feed.checkHeader(reader.header.map(columnName));
  };
  const take = (records: CsvRecord[]) => {
    checkHeader();
    for (const record of records) {
      if (rejection !== null) return;
      rows += 1;
      const refuse = (refused: RefusedRow, values: Record<string, string> | null) =>
        quarantined.push({
          file: delivery.name,
          line: record.line,
          field: refused.field,
          reason: refused.reason,
          values: refused.kept ?? values,
        });
      if ('error' in record) {
        refuse({ field: null, reason: record.error }, null);
        continue;
      }
      const values = Object.fromEntries(
        Object.entries(record.values).map(([column, value]) => [columnName(column), value]),
      );
      const verdict = feed.readRow(values);
      if ('reason' in verdict) {
        refuse(verdict, values);
        continue;
      }
      const earlier = byKey.get(verdict.key);
      const reason = earlier === undefined ? null : feed.repeated(earlier, verdict.row);
      if (reason === null) byKey.set(verdict.key, verdict.row);
      else refuse({ field: feed.repeatedField, reason }, values);
    }
  };
  for await (const chunk of delivery.content.bytes)
    take(reader.push(decoder.decode(chunk, { stream: true })));
  take(reader.push(decoder.decode()));
  take(reader.end());
  checkHeader();
  if (reader.header === null && rejection === null)
    rejection = `the file is empty: expected a header row (${feed.expectedHeader})`;
  return rejection === null
    ? { status: 'applied', claimed, rows, good: [...byKey.values()], quarantined, reason: null }
    : { status: 'rejected', claimed, rows, good: [], quarantined: [], reason: rejection };
}

/** Quarantines the refused rows of an applied delivery and logs how the delivery ended. */
export async function settleWholeFileFeed(
  repos: Repositories,
  delivery: Delivery,
  read: Exclude<WholeFileRead<unknown>, { status: 'duplicate' }>,
  saved: { good: number; students: number },
): Promise<void> {
  const sourceId = read.claimed.sourceId;
  if (read.quarantined.length > 0)
    await repos.quarantine.add(sourceId, delivery.id, read.quarantined, delivery.receivedAt);
  await repos.deliveries.save({
    ...read.claimed,
    status: read.status,
    rows: read.rows,
    good: saved.good,
    quarantined: read.quarantined.length,
    students: saved.students,
    reason: read.reason,
    appliedAt: read.status === 'rejected' ? null : delivery.receivedAt,
  });
}

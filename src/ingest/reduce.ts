/**
 * Streams a delivery's content into a weekly tally, row by row, holding only the current chunk: every
 * good row lands in the tally, every other row becomes a quarantine entry with its file, line, field and
 * reason. CSV bytes of activity feeds go through the byte-level fast path first; lines it cannot vouch
 * for, and all other formats, go through the general CSV reader and validator (src/ingest/rows.ts).
 * Which path reads which line is csvPaths.ts's; this file counts, validates and quarantines.
 */
import { CsvReader, type CsvRecord } from './csv.ts';
import { DeliveryLines, type DeliveryLineSink, type GeneralPath } from './csvPaths.ts';
import type { DeliveryContent, RawRecord } from './delivery.ts';
import { FastActivityLines } from './fastActivity.ts';
import { columnFor, FORMAT_FIELDS, type FeedConfig } from './feeds.ts';
import type { KeyIndex } from './keyIndex.ts';
import { RowChecker } from './rows.ts';
import { MAX_WEEKS_PER_DELIVERY, WeeklyTally } from './tally.ts';

export interface QuarantinedRow {
  file: string;
  line: number;
  /** The source's column at fault, or null when the record could not be read at all. */
  field: string | null;
  reason: string;
  /** The record as delivered (source column names), kept for `engage quarantine retry`; null if unreadable. */
  values: Record<string, string> | null;
}

export interface ReduceOptions {
  feed: FeedConfig;
  /** File name or API page, for quarantine entries. */
  name: string;
  students: KeyIndex;
  /** Engage sources the counts may go to; the delivery's own source first. */
  sources: KeyIndex;
  /** Rows dated after this day (days since 1970-01-01) are quarantined as in the future. */
  lastDay: number;
  /** Receives quarantine entries in batches as they accumulate. */
  quarantine(rows: QuarantinedRow[]): Promise<void>;
}

export interface Reduction {
  tally: WeeklyTally;
  rows: number;
  good: number;
  quarantined: number;
  /** Set when the content could not be read at all (a header without a required column). */
  rejected: string | null;
}

const QUARANTINE_BATCH = 1_000;
const CR = 0x0d;
const QUOTE = 0x22;

export async function reduceContent(content: DeliveryContent, options: ReduceOptions): Promise<Reduction> {
  const run = new ReductionRun(options);
  if (content.kind === 'records') await run.records(content.records);
  else await run.csv(content.bytes);
  return run.finish();
}

/** One delivery's reduction: the tally, the counts, the row validator and the quarantine batch. */
class ReductionRun implements DeliveryLineSink {
  readonly tally: WeeklyTally;
  private rows = 0;
  private good = 0;
  private quarantined = 0;
  rejected: string | null = null;
  private pending: QuarantinedRow[] = [];
  private checker: RowChecker | null = null;
  header: string[] | null = null;

  constructor(private readonly options: ReduceOptions) {
    this.tally = new WeeklyTally(options.students.size, options.sources.size);
  }

  async records(records: AsyncIterable<RawRecord>): Promise<void> {
    let checker: RowChecker | null = null;
    for await (const record of records) {
      if ('error' in record) {
        this.quarantine(record.position.line, null, record.error, null, record.position.file);
      } else {
        checker ??= this.start(Object.keys(record.values));
        if (checker === null) return;
        this.checkValues(checker, record.position.line, record.values, record.position.file);
      }
      await this.flushIfFull();
    }
  }

  async csv(bytes: AsyncIterable<Uint8Array>): Promise<void> {
    const lines = new DeliveryLines(this);
    for await (const chunk of bytes) {
      if (!lines.push(chunk)) return;
      await this.flushIfFull();
    }
    lines.end();
  }

  async finish(): Promise<Reduction> {
    await this.flush();
    return {
      tally: this.tally,
      rows: this.rows,
      good: this.good,
      quarantined: this.quarantined,
      rejected: this.rejected,
    };
  }

  counted(): void {
    this.rows++;
    this.good++;
  }

  /**
   * Reads the header line. Returns the fast path for an activity feed with a plain header, null when the
   * general path must read the file (other formats, or a header the fast path will not split).
   */
  fastHeader(buffer: Buffer, from: number, to: number): FastActivityLines | null {
    let plain = to > from;
    for (let i = from; i < to; i++) if (buffer[i] === QUOTE || buffer[i] === CR) plain = false;
    if (!plain) return null;
    const header = buffer.toString('utf8', from, to).split(',');
    if (this.start(header) === null) return null;
    if (this.options.feed.format !== 'activity') return null;
    const { feed, students, sources, lastDay } = this.options;
    return new FastActivityLines(header, feed, students, sources, lastDay, this.tally);
  }

  /** Hands the rest of the file, from `from` in `buffer` on line `line`, to the general CSV reader. */
  switchToGeneral(line: number, header: string[] | null, buffer: Buffer, from: number): GeneralPath {
    const reader = new CsvReader(header ? { firstLine: line, columns: header } : {});
    // The byte-order mark, if any, was skipped already: decode every character as it stands.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    this.generalRecords(reader.push(decoder.decode(buffer.subarray(from), { stream: true })));
    return { reader, decoder };
  }

  generalRecords(records: CsvRecord[]): void {
    for (const record of records) {
      if ('error' in record) {
        this.quarantine(record.line, null, record.error, null);
        continue;
      }
      const checker = this.checker ?? this.start(Object.keys(record.values));
      if (checker === null) return;
      this.checkValues(checker, record.line, record.values);
    }
  }

  /** A line with no quote and no CR that the fast path declined: split it and validate it in full. */
  plainLine(text: string, line: number): void {
    const header = this.header as string[];
    const fields = text.split(',');
    if (fields.length !== header.length) {
      this.quarantine(line, null, `expected ${header.length} fields, found ${fields.length}`, null);
      return;
    }
    const values: Record<string, string> = {};
    header.forEach((column, i) => (values[column] = fields[i] as string));
    this.checkValues(this.checker as RowChecker, line, values);
  }

  /** Checks the header (or an API record's fields) and prepares the validator; null once rejected. */
  private start(columns: string[]): RowChecker | null {
    if (this.checker) return this.checker;
    if (this.rejected !== null) return null;
    const { feed } = this.options;
    const available = new Set(columns);
    const { required, optional } = FORMAT_FIELDS[feed.format];
    const missing = [...required, ...optional.filter((field) => field in feed.columns)].filter(
      (field) => !available.has(columnFor(feed, field)),
    );
    if (missing.length > 0) {
      this.rejected = `no column ${missing.map((field) => `"${columnFor(feed, field)}"`).join(', ')} (${missing.join(', ')}); columns found: ${columns.join(', ')}`;
      return null;
    }
    this.header = columns;
    const fields = [...required, ...optional.filter((field) => available.has(columnFor(feed, field)))];
    this.checker = new RowChecker({ ...this.options, fields });
    return this.checker;
  }

  private checkValues(
    checker: RowChecker,
    line: number,
    values: Readonly<Record<string, string>>,
    file?: string,
  ) {
    const verdict = checker.check(values);
    if ('event' in verdict) {
      if (this.tally.addEvent(verdict.event)) {
        this.rows++;
        this.good++;
        return;
      }
      this.quarantine(line, null, `the delivery already spans ${MAX_WEEKS_PER_DELIVERY} weeks`, values, file);
      return;
    }
    this.quarantine(line, verdict.field, verdict.reason, values, file);
  }

  private quarantine(
    line: number,
    field: string | null,
    reason: string,
    values: Readonly<Record<string, string>> | null,
    file = this.options.name,
  ): void {
    this.rows++;
    this.quarantined++;
    this.pending.push({ file, line, field, reason, values: values ? { ...values } : null });
  }

  private async flushIfFull(): Promise<void> {
    if (this.pending.length >= QUARANTINE_BATCH) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    await this.options.quarantine(batch);
  }
}

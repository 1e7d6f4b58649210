/**
 * Streams a delivery's content into a weekly tally, row by row, holding only the current chunk: every
 * good row lands in the tally, every other row becomes a quarantine entry with its file, line, field and
 * reason. CSV bytes of activity feeds go through the byte-level fast path first; lines it cannot vouch
 * for, and all other formats, go through the general CSV reader and validator (src/ingest/rows.ts).
 */
import { CsvReader, type CsvRecord } from './csv.ts';
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
/** A line longer than this is not held whole waiting for its LF. */
const LONGEST_LINE = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export async function reduceContent(content: DeliveryContent, options: ReduceOptions): Promise<Reduction> {
  const run = new ReductionRun(options);
  if (content.kind === 'records') await run.records(content.records);
  else await run.csv(content.bytes);
  return run.finish();
}

class ReductionRun {
  readonly tally: WeeklyTally;
  private rows = 0;
  private good = 0;
  private quarantined = 0;
  private rejected: string | null = null;
  private pending: QuarantinedRow[] = [];
  private checker: RowChecker | null = null;
  private header: string[] | null = null;

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
    let carry: Buffer | null = null;
    let line = 1;
    let fast: FastActivityLines | null | undefined;
    let general: { reader: CsvReader; decoder: InstanceType<typeof TextDecoder> } | null = null;
    let first = true;

    for await (const chunk of bytes) {
      let buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (general) {
        this.generalRecords(general.reader.push(general.decoder.decode(buffer, { stream: true })));
        await this.flushIfFull();
        continue;
      }
      if (carry) buffer = Buffer.concat([carry, buffer]);
      carry = null;
      let position = 0;
      if (first && buffer.length >= 3) {
        if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) position = 3;
        first = false;
      } else if (first) {
        carry = buffer;
        continue;
      }
      while (position < buffer.length) {
        const newline = buffer.indexOf(LF, position);
        if (newline < 0) break;
        const end = newline > position && buffer[newline - 1] === CR ? newline - 1 : newline;
        if (fast === undefined) {
          fast = this.fastHeader(buffer, position, end);
          if (fast === null && this.rejected === null) {
            general = this.switchToGeneral(1, null, buffer, position);
            break;
          }
          if (this.rejected !== null) return;
        } else if (end > position && fast !== null) {
          const verdict = fast.line(buffer, position, end);
          if (verdict === 'counted') {
            this.rows++;
            this.good++;
          } else if (verdict === 'fallback') this.plainLine(buffer.toString('utf8', position, end), line);
          else {
            general = this.switchToGeneral(line, this.header, buffer, position);
            break;
          }
        }
        line++;
        position = newline + 1;
      }
      if (!general && position < buffer.length) carry = buffer.subarray(position);
      if (carry && carry.length > LONGEST_LINE) {
        // No LF for a megabyte (CR-only line breaks, or one enormous field): the general reader takes over.
        general = this.switchToGeneral(line, fast === undefined ? null : this.header, carry, 0);
        carry = null;
      }
      await this.flushIfFull();
    }

    if (general) {
      this.generalRecords(general.reader.push(general.decoder.decode()));
      this.generalRecords(general.reader.end());
    } else if (carry && carry.length > 0) {
      // The last line has no line break (or the whole file is shorter than a BOM).
      general = this.switchToGeneral(line, fast === undefined ? null : this.header, carry, 0);
      this.generalRecords(general.reader.push(general.decoder.decode()));
      this.generalRecords(general.reader.end());
    }
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

  /**
   * Reads the header line. Returns the fast path for an activity feed with a plain header, null when the
   * general path must read the file (other formats, or a header the fast path will not split).
   */
  private fastHeader(buffer: Buffer, from: number, to: number): FastActivityLines | null {
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
  private switchToGeneral(
    line: number,
    header: string[] | null,
    buffer: Buffer,
    from: number,
  ): { reader: CsvReader; decoder: InstanceType<typeof TextDecoder> } {
    const reader = new CsvReader(header ? { firstLine: line, columns: header } : {});
    // The byte-order mark, if any, was skipped already: decode every character as it stands.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    this.generalRecords(reader.push(decoder.decode(buffer.subarray(from), { stream: true })));
    return { reader, decoder };
  }

  private generalRecords(records: CsvRecord[]): void {
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
  private plainLine(text: string, line: number): void {
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

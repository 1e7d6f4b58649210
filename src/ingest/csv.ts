/**
 * An incremental CSV reader (RFC 4180): text arrives in chunks of any size and complete records come out
 * as soon as they end, so a file of any length is read in constant memory. Fields may be quoted; inside
 * quotes a doubled quote is a quote and commas and line breaks are data. Lines end in LF, CRLF or CR; a
 * UTF-8 byte-order mark at the very start is dropped; empty lines are skipped. Every record carries the
 * 1-based line on which it starts. A malformed record is reported as an error for its line, never thrown.
 * Every record is bounded (MAX_RECORD_CHARS), so memory stays flat whatever the input: a longer line is an
 * error for its line and the rest of it is skipped, and a quoted field still open when the bound is reached
 * (a stray quote) is an error for the line it opened on, the reader starting again at the next line.
 */

/** One record as a list of fields, or why the record starting on `line` could not be read. */
export type CsvFields = { line: number; fields: string[] } | { line: number; error: string };

/** One data record keyed by the header's column names, or why the record on `line` was rejected. */
export type CsvRecord = { line: number; values: Record<string, string> } | { line: number; error: string };

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;

/** The most characters one record may hold (each field counts one more, for its separator). */
export const MAX_RECORD_CHARS = 256 * 1024;

type State =
  /** At the start of a field (also the start of a record when the record has no field yet). */
  | 'fieldStart'
  | 'unquoted'
  | 'quoted'
  /** Just read a quote inside a quoted field: either the first of a doubled quote or the closing one. */
  | 'quoteInQuoted'
  /** Text followed a closing quote (the record is already an error): read on to the field's end. */
  | 'afterQuoted';

/** Splits CSV text into records of fields, chunk by chunk. */
export class CsvTokenizer {
  private state: State = 'fieldStart';
  private field = '';
  private fields: string[] = [];
  private error: string | null = null;
  private line: number;
  private recordLine: number;
  /** The previous chunk ended in CR: an LF starting this chunk belongs to the same line break. */
  private pendingCr = false;
  private started: boolean;
  /** Characters of the record's finished fields, each counted with its separator. */
  private recordChars = 0;
  /** The record is over the bound: the rest of its line is skipped. */
  private skipping = false;
  /** Where in the open quoted field its first line break ends (-1: none yet), and the line after it. */
  private quotedBreakAt = -1;
  private quotedBreakLine = 0;

  /**
   * `firstLine` continues a file part-way through (after another reader took its first lines): records
   * are numbered from there and no byte-order mark is looked for.
   */
  constructor(options: { firstLine?: number } = {}) {
    this.line = options.firstLine ?? 1;
    this.recordLine = this.line;
    this.started = options.firstLine !== undefined;
  }

  /** Reads a chunk and returns the records it completed. */
  push(chunk: string): CsvFields[] {
    const records: CsvFields[] = [];
    let text = chunk;
    let i = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) i = 1;
    }
    if (this.pendingCr && i < text.length) {
      this.pendingCr = false;
      if (text.charCodeAt(i) === LF) {
        if (this.state === 'quoted') {
          if (this.quotedBreakAt === this.field.length) this.quotedBreakAt++;
          this.field += '\n';
        }
        i++;
      }
    }
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === CR || code === LF) {
        let lineBreak = code === CR ? '\r' : '\n';
        if (code === CR && i + 1 === text.length) this.pendingCr = true;
        else if (code === CR && text.charCodeAt(i + 1) === LF) lineBreak = '\r\n';
        i += lineBreak.length;
        this.endLine(lineBreak, records);
      } else if (this.skipping) {
        i = lineBreakAt(text, i);
      } else if (this.state === 'unquoted' || this.state === 'quoted' || this.state === 'afterQuoted') {
        // Copy the run of ordinary characters in one slice rather than one character at a time.
        const end = plainRunEnd(text, i, this.state === 'quoted');
        if (end > i) {
          this.field += text.slice(i, end);
          i = end;
        } else {
          this.character(code);
          i++;
        }
      } else {
        this.character(code);
        i++;
      }
      if (this.recordChars + this.field.length > MAX_RECORD_CHARS) {
        const rest = this.overflow(records);
        if (rest !== null) {
          // Read again from the line after the one the open quote started on.
          this.pendingCr = false;
          text = rest + text.slice(i);
          i = 0;
        }
      }
    }
    return records;
  }

  /**
   * The record went over the bound. A quoted field that spans lines was most likely opened by a stray
   * quote: the record is an error for its first line, and the text after that line is returned to be read
   * again. Otherwise the record is an error and the rest of its line is skipped.
   */
  private overflow(records: CsvFields[]): string | null {
    if (this.state === 'quoted' && this.quotedBreakAt >= 0) {
      records.push({
        line: this.recordLine,
        error: `a quoted field is not closed within ${MAX_RECORD_CHARS} characters (a stray quote?)`,
      });
      const rest = this.field.slice(this.quotedBreakAt).replaceAll('"', '""');
      this.line = this.quotedBreakLine;
      this.recordLine = this.line;
      this.reset();
      return rest;
    }
    this.fail(`the record is longer than ${MAX_RECORD_CHARS} characters`);
    this.skipping = true;
    this.state = 'unquoted';
    this.field = '';
    this.fields = [];
    this.recordChars = 0;
    return null;
  }

  /** Ends the input and returns the last record, if the text did not end with a line break. */
  end(): CsvFields[] {
    this.pendingCr = false;
    if (this.state === 'quoted' && this.quotedBreakAt >= 0) {
      const records: CsvFields[] = [
        { line: this.recordLine, error: 'a quoted field is not closed at the end of the file' },
      ];
      const rest = this.field.slice(this.quotedBreakAt).replaceAll('"', '""');
      this.line = this.quotedBreakLine;
      this.recordLine = this.line;
      this.reset();
      // Read again from the line after the one the open quote started on.
      return [...records, ...this.push(rest), ...this.end()];
    }
    if (this.state === 'quoted') {
      const record = { line: this.recordLine, error: 'a quoted field is not closed at the end of the file' };
      this.reset();
      return [record];
    }
    const records: CsvFields[] = [];
    this.finishRecord(records);
    return records;
  }

  /** One character that is not a line break. */
  private character(code: number): void {
    const char = String.fromCharCode(code);
    switch (this.state) {
      case 'fieldStart':
        if (code === QUOTE) this.state = 'quoted';
        else if (code === COMMA) this.fields.push('');
        else {
          this.field = char;
          this.state = 'unquoted';
        }
        return;
      case 'unquoted':
        if (code === COMMA) this.endField();
        else {
          if (code === QUOTE) this.fail('a quote inside an unquoted field');
          this.field += char;
        }
        return;
      case 'quoted':
        if (code === QUOTE) this.state = 'quoteInQuoted';
        else this.field += char;
        return;
      case 'quoteInQuoted':
        if (code === QUOTE) {
          this.field += '"';
          this.state = 'quoted';
        } else if (code === COMMA) this.endField();
        else {
          this.fail('text after the closing quote of a field');
          this.field += char;
          this.state = 'afterQuoted';
        }
        return;
      case 'afterQuoted':
        if (code === COMMA) this.endField();
        else this.field += char;
        return;
    }
  }

  /** A CR, LF or CRLF: data inside a quoted field, otherwise the end of the record. */
  private endLine(lineBreak: string, records: CsvFields[]): void {
    this.line++;
    if (this.state === 'quoted') {
      this.field += lineBreak;
      if (this.quotedBreakAt < 0) {
        this.quotedBreakAt = this.field.length;
        this.quotedBreakLine = this.line;
      }
      return;
    }
    this.finishRecord(records);
    this.recordLine = this.line;
  }

  private endField(): void {
    this.recordChars += this.field.length + 1;
    this.fields.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
  }

  private fail(reason: string): void {
    this.error ??= reason;
  }

  private finishRecord(records: CsvFields[]): void {
    const empty = this.fields.length === 0 && this.state === 'fieldStart';
    if (!empty) {
      this.endField();
      records.push(
        this.error === null
          ? { line: this.recordLine, fields: this.fields }
          : { line: this.recordLine, error: this.error },
      );
    }
    this.reset();
  }

  private reset(): void {
    this.state = 'fieldStart';
    this.field = '';
    this.fields = [];
    this.error = null;
    this.recordChars = 0;
    this.skipping = false;
    this.quotedBreakAt = -1;
  }
}

/** Where the next line break at or after `from` is (the text's length if there is none). */
function lineBreakAt(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === CR || code === LF) return i;
  }
  return text.length;
}

/** Where the run of characters with no meaning to the current state, starting at `from`, ends. */
function plainRunEnd(chunk: string, from: number, quoted: boolean): number {
  let i = from;
  for (; i < chunk.length; i++) {
    const code = chunk.charCodeAt(i);
    if (code === QUOTE || code === CR || code === LF || (code === COMMA && !quoted)) break;
  }
  return i;
}

/**
 * Reads CSV whose first record is the header: each later record comes out keyed by column name, and a
 * record with a different number of fields than the header is an error for its line.
 */
export class CsvReader {
  private readonly tokenizer: CsvTokenizer;
  private columns: string[] | null;

  /** With `columns`, the header was already read: every record is data, numbered from `firstLine`. */
  constructor(options: { firstLine?: number; columns?: string[] } = {}) {
    this.tokenizer = new CsvTokenizer({ firstLine: options.firstLine });
    this.columns = options.columns ?? null;
  }

  /** The header's column names, once its record has been read. */
  get header(): readonly string[] | null {
    return this.columns;
  }

  push(chunk: string): CsvRecord[] {
    return this.keyed(this.tokenizer.push(chunk));
  }

  end(): CsvRecord[] {
    return this.keyed(this.tokenizer.end());
  }

  private keyed(records: CsvFields[]): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (const record of records) {
      if ('error' in record) out.push(record);
      else if (this.columns === null) this.columns = record.fields;
      else if (record.fields.length !== this.columns.length) {
        out.push({
          line: record.line,
          error: `expected ${this.columns.length} fields, found ${record.fields.length}`,
        });
      } else {
        const columns = this.columns;
        out.push({
          line: record.line,
          values: Object.fromEntries(record.fields.map((v, i) => [columns[i], v])),
        });
      }
    }
    return out;
  }
}

/**
 * Which reader takes a delivery's CSV bytes, line by line: the byte-level fast path while it can vouch for
 * every line (an activity feed with a plain header), then — from the first line it cannot, a line with no
 * LF for a megabyte, or a last line without a line break — the general CSV reader for the rest of the file.
 * Holds the only state that switch needs (the bytes carried between chunks, the line number, whether the
 * BOM was looked for, and which path is reading); what a line means is its `DeliveryLineSink`'s business.
 */
import type { CsvReader, CsvRecord } from './csv.ts';
import type { FastActivityLines } from './fastActivity.ts';

/** A line longer than this is not held whole waiting for its LF. */
const LONGEST_LINE = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;

/** The general reader of the rest of a file, and the decoder feeding it. */
export interface GeneralPath {
  reader: CsvReader;
  decoder: InstanceType<typeof TextDecoder>;
}

/** What the paths hand their lines to (the reduction run). */
export interface DeliveryLineSink {
  /** The header line, in bytes: the fast path for it, or null when the general path must read the file. */
  fastHeader(buffer: Buffer, from: number, to: number): FastActivityLines | null;
  /** The delivery was refused (its header lacks a required column): read no further. */
  readonly rejected: string | null;
  /** The columns read from the header. */
  readonly header: string[] | null;
  /** A line the fast path counted. */
  counted(): void;
  /** A line with no quote and no CR that the fast path declined: validate it in full. */
  plainLine(text: string, line: number): void;
  /** Hands the rest of the file, from `from` in `buffer` on line `line`, to the general reader. */
  switchToGeneral(line: number, header: string[] | null, buffer: Buffer, from: number): GeneralPath;
  generalRecords(records: CsvRecord[]): void;
}

export class DeliveryLines {
  #carry: Buffer | null = null;
  #line = 1;
  /** undefined until the header line is read; null when the header sent the file to the general path. */
  #fast: FastActivityLines | null | undefined;
  #general: GeneralPath | null = null;
  #first = true;

  constructor(private readonly sink: DeliveryLineSink) {}

  /** Reads one chunk. False once the delivery is refused: the caller stops reading. */
  push(chunk: Uint8Array): boolean {
    const sink = this.sink;
    let buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.#general) {
      sink.generalRecords(this.#general.reader.push(this.#general.decoder.decode(buffer, { stream: true })));
      return true;
    }
    if (this.#carry) buffer = Buffer.concat([this.#carry, buffer]);
    this.#carry = null;
    let position = 0;
    if (this.#first && buffer.length >= 3) {
      if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) position = 3;
      this.#first = false;
    } else if (this.#first) {
      this.#carry = buffer;
      return true;
    }
    let line = this.#line;
    let fast = this.#fast;
    let general: GeneralPath | null = null;
    while (position < buffer.length) {
      const newline = buffer.indexOf(LF, position);
      if (newline < 0) break;
      const end = newline > position && buffer[newline - 1] === CR ? newline - 1 : newline;
      if (fast === undefined) {
        fast = sink.fastHeader(buffer, position, end);
        if (fast === null && sink.rejected === null) {
          general = sink.switchToGeneral(1, null, buffer, position);
          break;
        }
        if (sink.rejected !== null) {
          this.#fast = fast;
          return false;
        }
      } else if (end > position && fast !== null) {
        const verdict = fast.line(buffer, position, end);
        if (verdict === 'counted') sink.counted();
        else if (verdict === 'fallback') sink.plainLine(buffer.toString('utf8', position, end), line);
        else {
          general = sink.switchToGeneral(line, sink.header, buffer, position);
          break;
        }
      }
      line++;
      position = newline + 1;
    }
    this.#line = line;
    this.#fast = fast;
    this.#general = general;
    if (!general && position < buffer.length) this.#carry = buffer.subarray(position);
    if (this.#carry && this.#carry.length > LONGEST_LINE) {
      // No LF for a megabyte (CR-only line breaks, or one enormous field): the general reader takes over.
      this.#general = sink.switchToGeneral(line, fast === undefined ? null : sink.header, this.#carry, 0);
      this.#carry = null;
    }
    return true;
  }

  /** The end of the file: the general reader's last records, or the last line when it has no line break. */
  end(): void {
    const sink = this.sink;
    let general = this.#general;
    if (!general && this.#carry && this.#carry.length > 0) {
      // The last line has no line break (or the whole file is shorter than a BOM).
      const header = this.#fast === undefined ? null : sink.header;
      general = sink.switchToGeneral(this.#line, header, this.#carry, 0);
    }
    if (general) {
      sink.generalRecords(general.reader.push(general.decoder.decode()));
      sink.generalRecords(general.reader.end());
    }
  }
}

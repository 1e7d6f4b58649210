/**
 * The byte-level fast path for activity rows: reads one unquoted CSV line straight from the delivery's
 * bytes (field bounds by comma positions, the student interned from its bytes, the date parsed from its
 * digits, the count from its digits) and adds it to the weekly tally with no string or object per row.
 * It only vouches for rows it fully understands: anything else (spaces, other date shapes, an unknown
 * student, a bad count) is handed back to the general validating path, never dropped; a quote or a bare
 * CR hands the rest of the file to the general CSV reader.
 */
import { dayOf, weekOfDay } from './days.ts';
import { columnFor, type FeedConfig } from './feeds.ts';
import { KeyIndex } from './keyIndex.ts';
import type { WeeklyTally } from './tally.ts';

export type FastVerdict = 'counted' | 'fallback' | 'switch';

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const DASH = 0x2d;
const COLON = 0x3a;
const ZERO = 0x30;

export class FastActivityLines {
  private readonly studentColumn: number;
  private readonly timestampColumn: number;
  private readonly sourceColumn: number;
  private readonly countColumn: number;
  private readonly width: number;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Accepted values of the source column, and the Engage source index each counts for. */
  private readonly sourceValues: KeyIndex;
  private readonly sourceOfValue: Int32Array;
  private lastDate = -1;
  private lastDay = -1;

  constructor(
    header: readonly string[],
    feed: FeedConfig,
    private readonly students: KeyIndex,
    sources: KeyIndex,
    private readonly maxDay: number,
    private readonly tally: WeeklyTally,
  ) {
    const position = (field: string) => header.indexOf(columnFor(feed, field));
    this.studentColumn = position('student');
    this.timestampColumn = position('timestamp');
    this.sourceColumn = position('source');
    this.countColumn = position('count');
    this.width = header.length;
    this.starts = new Int32Array(this.width);
    this.ends = new Int32Array(this.width);
    const values = [...sources.keys, ...Object.keys(feed.sourceValues ?? {})];
    this.sourceValues = new KeyIndex(values);
    this.sourceOfValue = Int32Array.from(this.sourceValues.keys, (value) => {
      const mapped =
        feed.sourceValues && Object.hasOwn(feed.sourceValues, value) ? feed.sourceValues[value] : undefined;
      return sources.indexOf(mapped ?? value);
    });
  }

  /** Reads the line `bytes[from, to)` (no line break). */
  line(bytes: Uint8Array, from: number, to: number): FastVerdict {
    const starts = this.starts;
    const ends = this.ends;
    let field = 0;
    starts[0] = from;
    for (let i = from; i < to; i++) {
      const byte = bytes[i] as number;
      if (byte === COMMA) {
        if (field < this.width) ends[field] = i;
        field++;
        // Too many fields: read on only to see whether a quote or CR makes it the general reader's.
        if (field < this.width) starts[field] = i + 1;
      } else if (byte === QUOTE || byte === CR) return 'switch';
    }
    if (field !== this.width - 1) return 'fallback';
    ends[field] = to;

    const student = this.students.indexOfBytes(
      bytes,
      starts[this.studentColumn] as number,
      ends[this.studentColumn] as number,
    );
    if (student < 0) return 'fallback';
    const day = this.day(bytes, starts[this.timestampColumn] as number, ends[this.timestampColumn] as number);
    if (day < 0 || day > this.maxDay) return 'fallback';
    let source = 0;
    if (this.sourceColumn >= 0) {
      const value = this.sourceValues.indexOfBytes(
        bytes,
        starts[this.sourceColumn] as number,
        ends[this.sourceColumn] as number,
      );
      if (value < 0) return 'fallback';
      source = this.sourceOfValue[value] as number;
      if (source < 0) return 'fallback';
    }
    let count = 1;
    if (this.countColumn >= 0) {
      count = digits(bytes, starts[this.countColumn] as number, ends[this.countColumn] as number);
      if (count < 0) return 'fallback';
    }
    return this.tally.add(student, weekOfDay(day), source, count, 0) ? 'counted' : 'fallback';
  }

  /** The UTC day of `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ`; -1 otherwise. */
  private day(bytes: Uint8Array, from: number, to: number): number {
    const length = to - from;
    if (length !== 10 && length !== 20 && length !== 24) return -1;
    if (bytes[from + 4] !== DASH || bytes[from + 7] !== DASH) return -1;
    const century = twoDigits(bytes, from);
    const yearInCentury = twoDigits(bytes, from + 2);
    const month = twoDigits(bytes, from + 5);
    const dayOfMonth = twoDigits(bytes, from + 8);
    if ((century | yearInCentury | month | dayOfMonth) < 0) return -1;
    if (length > 10) {
      if (bytes[from + 10] !== 0x54 || bytes[from + 13] !== COLON || bytes[from + 16] !== COLON) return -1;
      if (bytes[to - 1] !== 0x5a) return -1;
      if (length === 24 && (bytes[from + 19] !== 0x2e || digits(bytes, from + 20, from + 23) < 0)) return -1;
      const hours = twoDigits(bytes, from + 11);
      const minutes = twoDigits(bytes, from + 14);
      const seconds = twoDigits(bytes, from + 17);
      if ((hours | minutes | seconds) < 0 || hours > 23 || minutes > 59 || seconds > 59) return -1;
    }
    const date = ((century * 100 + yearInCentury) * 100 + month) * 100 + dayOfMonth;
    if (date !== this.lastDate) {
      this.lastDay = dayOf(century * 100 + yearInCentury, month, dayOfMonth) ?? -1;
      this.lastDate = date;
    }
    return this.lastDay;
  }
}

/** The number spelled by the two ASCII digits at `at`, or -1. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const tens = (bytes[at] as number) - ZERO;
  const units = (bytes[at + 1] as number) - ZERO;
  return tens >>> 0 > 9 || units >>> 0 > 9 ? -1 : tens * 10 + units;
}

/** The number spelled by 1 to 9 ASCII digits in `bytes[from, to)`, or -1. */
function digits(bytes: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 9) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = (bytes[i] as number) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

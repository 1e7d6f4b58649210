/**
 * The general, validating path for one record of a delivery: maps the source's column names to Engage
 * fields, validates them with zod, resolves the student and the Engage source, and returns either a
 * weekly-count event or the field and reason it is quarantined for. Every row the fast path cannot
 * vouch for comes here, so this is the single definition of what a good row is.
 */
import { z } from 'zod';
import { dayOf, weekOfDay } from './days.ts';
import { ATTENDANCE_STATUSES, columnFor, type AttendanceStatus, type FeedConfig } from './feeds.ts';
import type { KeyIndex } from './keyIndex.ts';

/** One good row reduced to what is counted: student and source as indexes, the week as a week number. */
export interface CountEvent {
  student: number;
  week: number;
  source: number;
  /** Occurrences (attendance: 1 when attended). */
  count: number;
  /** Attendance: 1 when the session counts as scheduled (not excused), else 0. */
  scheduled: number;
}

export type RowVerdict = { event: CountEvent } | { field: string | null; reason: string };

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The UTC day of an ISO date or date-time (zone-less times are UTC), or null. */
export function parseTimestampDay(text: string): number | null {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return null;
  const day = dayOf(Number(match[1]), Number(match[2]), Number(match[3]));
  if (day === null || match[4] === undefined) return day;
  const hours = Number(match[4]);
  const minutes = Number(match[5]);
  const seconds = match[6] === undefined ? 0 : Number(match[6]);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const zone = match[7];
  let offset = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const zoneHours = Number(digits.slice(1, 3));
    const zoneMinutes = Number(digits.slice(3, 5));
    if (zoneHours > 18 || zoneMinutes > 59) return null;
    offset = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  }
  return day + Math.floor((hours * 60 + minutes - offset) / 1440);
}

const studentField = z.string().trim().min(1, 'is empty').max(64, 'is longer than 64 characters');
const dayField = z
  .string()
  .trim()
  .transform((text, context) => {
    const day = parseTimestampDay(text);
    if (day === null) {
      context.addIssue({ code: 'custom', message: 'is not an ISO date or date-time from 2000 to 2099' });
      return z.NEVER;
    }
    return day;
  });
const countField = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/, 'is not a whole number from 0 to 999999999')
  .transform(Number);

const SCHEMAS = {
  activity: z.object({
    student: studentField,
    timestamp: dayField,
    source: z.string().trim().min(1, 'is empty').optional(),
    count: countField.optional(),
  }),
  swipes: z.object({
    student: studentField,
    timestamp: dayField,
    location: z.string().trim().min(1, 'is empty').max(64, 'is longer than 64 characters'),
  }),
  attendance: z.object({
    student: studentField,
    session: z.string().trim().min(1, 'is empty').max(200, 'is longer than 200 characters'),
    start: dayField,
    status: z.string().trim().min(1, 'is empty'),
  }),
};

export interface RowCheckerOptions {
  feed: FeedConfig;
  /** The fields this delivery provides (the format's required fields and the optional ones present). */
  fields: readonly string[];
  students: KeyIndex;
  /** The Engage sources counts may go to; the delivery's own source is index 0. */
  sources: KeyIndex;
  /** Rows dated after this day are in the future: quarantined. */
  lastDay: number;
}

export class RowChecker {
  /** Attendance: student and session pairs already seen in this delivery. */
  private readonly sessionsSeen = new Set<string>();
  private readonly statusByCode: Map<string, AttendanceStatus>;

  constructor(private readonly options: RowCheckerOptions) {
    const codes: [string, AttendanceStatus][] = ATTENDANCE_STATUSES.map((status) => [status, status]);
    for (const [code, status] of Object.entries(options.feed.statusValues))
      codes.push([code.toLowerCase(), status]);
    this.statusByCode = new Map(codes);
  }

  /** Validates one record keyed by the source's own column names. */
  check(values: Readonly<Record<string, string>>): RowVerdict {
    const { feed, fields } = this.options;
    const mapped: Record<string, string | undefined> = {};
    for (const field of fields) mapped[field] = values[columnFor(feed, field)];
    const parsed = SCHEMAS[feed.format].safeParse(mapped);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      const field = String(issue?.path[0] ?? '');
      const message = mapped[field] === undefined ? 'is missing' : (issue?.message ?? 'is not valid');
      return { field: columnFor(feed, field), reason: `${columnFor(feed, field)} ${message}` };
    }
    const row = parsed.data as Record<string, string | number | undefined>;
    const student = this.options.students.indexOf(row.student as string);
    if (student < 0) return this.reject('student', 'is not an enrolled student');
    const day = (row.timestamp ?? row.start) as number;
    if (day > this.options.lastDay)
      return this.reject(feed.format === 'attendance' ? 'start' : 'timestamp', 'is in the future');
    const week = weekOfDay(day);
    if (feed.format === 'activity') {
      const source = this.sourceOf(row.source as string | undefined);
      if (source < 0)
        return this.reject('source', `"${String(row.source)}" is not mapped to an Engage source`);
      return {
        event: { student, week, source, count: (row.count as number | undefined) ?? 1, scheduled: 0 },
      };
    }
    if (feed.format === 'swipes') return { event: { student, week, source: 0, count: 1, scheduled: 0 } };
    const status = this.statusByCode.get((row.status as string).toLowerCase());
    if (status === undefined)
      return this.reject('status', `"${String(row.status)}" is not a known attendance status`);
    const sessionKey = `${student}\u0000${String(row.session)}`;
    if (this.sessionsSeen.has(sessionKey))
      return this.reject('session', 'repeats a student and session already in this delivery');
    this.sessionsSeen.add(sessionKey);
    const attended = status === 'present' || status === 'late' ? 1 : 0;
    return { event: { student, week, source: 0, count: attended, scheduled: status === 'excused' ? 0 : 1 } };
  }

  /** The Engage source an activity row counts for: mapped by value, else the value itself, else this source. */
  private sourceOf(value: string | undefined): number {
    if (value === undefined) return 0;
    const values = this.options.feed.sourceValues;
    const mapped = values && Object.hasOwn(values, value) ? values[value] : undefined;
    return this.options.sources.indexOf(mapped ?? value);
  }

  private reject(field: string, reason: string): RowVerdict {
    const column = columnFor(this.options.feed, field);
    return { field: column, reason: `${column} ${reason}` };
  }
}

/**
 * A delivery's running weekly totals, held as typed arrays: one column of counts per week × Engage source,
 * indexed by interned student number, so ten million rows cost a few array additions each and memory
 * grows with the weeks and sources delivered, never with the rows. Also counts good rows per week and
 * which students appeared, for the data-quality figures.
 */
import type { CountEvent } from './rows.ts';

/** More distinct weeks than this in one delivery is refused row by row (two academic years and then some). */
export const MAX_WEEKS_PER_DELIVERY = 120;
const DIRECT_SLOTS = 4096;

export interface TallyColumn {
  week: number;
  source: number;
  /**
   * Per student: 0 when the student had no row, else 1 + the count — one array, so a row costs one memory
   * access however the rows are ordered. Read through countAt and seenAt.
   */
  tallies: Float64Array;
  /** Attendance: sessions scheduled per student; allocated on the first scheduled session. */
  scheduled: Float64Array | null;
  /** Good rows counted in this column. */
  rows: number;
}

export class WeeklyTally {
  private readonly columns = new Map<number, TallyColumn>();
  private lastKey = -1;
  private last: TallyColumn | null = null;
  private readonly weekSet = new Set<number>();
  /** Columns by `key - baseKey`, for keys within DIRECT_SLOTS of a year before the first row's week. */
  private readonly direct: (TallyColumn | undefined)[] = new Array<TallyColumn | undefined>(DIRECT_SLOTS);
  private baseKey = Number.NaN;

  constructor(
    private readonly studentCount: number,
    private readonly sourceCount: number,
  ) {}

  /**
   * Counts one good row; false (and nothing counted) when it would open a week beyond
   * MAX_WEEKS_PER_DELIVERY, which bounds the tally's memory whatever dates a delivery holds.
   */
  add(student: number, week: number, source: number, count: number, scheduled: number): boolean {
    const column = this.column(week, source);
    if (column === null) return false;
    const tally = column.tallies[student] as number;
    column.tallies[student] = (tally === 0 ? 1 : tally) + count;
    if (scheduled !== 0) {
      column.scheduled ??= new Float64Array(this.studentCount);
      column.scheduled[student] = (column.scheduled[student] as number) + scheduled;
    }
    column.rows++;
    return true;
  }

  private column(week: number, source: number): TallyColumn | null {
    const key = week * this.sourceCount + source;
    if (key === this.lastKey && this.last !== null) return this.last;
    // Rows interleave sources and weeks: find the column by direct index near the first week seen.
    const slot = key - this.baseKey;
    const direct = slot >= 0 && slot < DIRECT_SLOTS;
    let column = direct ? this.direct[slot] : undefined;
    if (column === undefined) {
      column = this.columns.get(key);
      if (column === undefined) {
        if (!this.weekSet.has(week) && this.weekSet.size >= MAX_WEEKS_PER_DELIVERY) return null;
        column = this.newColumn(key, week, source);
      }
      if (direct) this.direct[slot] = column;
    }
    this.lastKey = key;
    this.last = column;
    return column;
  }

  addEvent(event: CountEvent): boolean {
    return this.add(event.student, event.week, event.source, event.count, event.scheduled);
  }

  get weeks(): number[] {
    return [...this.weekSet].sort((a, b) => a - b);
  }

  rowsInWeek(week: number): number {
    let rows = 0;
    for (const column of this.columns.values()) if (column.week === week) rows += column.rows;
    return rows;
  }

  /** Distinct students with a good row in the week, over every source. */
  studentsInWeek(week: number): number {
    const seen = new Uint8Array(this.studentCount);
    for (const column of this.columns.values()) {
      if (column.week !== week) continue;
      for (let i = 0; i < this.studentCount; i++) if (seenAt(column, i)) seen[i] = 1;
    }
    return seen.reduce((sum, value) => sum + value, 0);
  }

  /** Distinct students with a good row in any week. */
  studentsSeen(): number {
    const seen = new Uint8Array(this.studentCount);
    for (const column of this.columns.values()) {
      for (let i = 0; i < this.studentCount; i++) if (seenAt(column, i)) seen[i] = 1;
    }
    return seen.reduce((sum, value) => sum + value, 0);
  }

  allColumns(): TallyColumn[] {
    return [...this.columns.values()].sort((a, b) => a.week - b.week || a.source - b.source);
  }

  private newColumn(key: number, week: number, source: number): TallyColumn {
    if (Number.isNaN(this.baseKey)) this.baseKey = (week - 53) * this.sourceCount;
    const column: TallyColumn = {
      week,
      source,
      tallies: new Float64Array(this.studentCount),
      scheduled: null,
      rows: 0,
    };
    this.columns.set(key, column);
    this.weekSet.add(week);
    return column;
  }
}

/** Whether the student had at least one good row in the column. */
export function seenAt(column: TallyColumn, student: number): boolean {
  return (column.tallies[student] as number) !== 0;
}

/** The student's count in the column (0 without rows). */
export function countAt(column: TallyColumn, student: number): number {
  const tally = column.tallies[student] as number;
  return tally === 0 ? 0 : tally - 1;
}

/** Attendance: the sessions scheduled for the student in the column. */
export function scheduledAt(column: TallyColumn, student: number): number {
  return column.scheduled?.[student] ?? 0;
}

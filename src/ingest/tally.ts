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
  counts: Float64Array;
  /** Attendance: sessions scheduled per student. */
  scheduled: Float64Array;
  /** 1 where the student had at least one good row. */
  seen: Uint8Array;
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
    const key = week * this.sourceCount + source;
    let column: TallyColumn | null | undefined = this.last;
    if (key !== this.lastKey || column === null) {
      // Rows interleave sources and weeks: find the column by direct index near the first week seen.
      const slot = key - this.baseKey;
      column = slot >= 0 && slot < DIRECT_SLOTS ? this.direct[slot] : undefined;
      if (column === undefined) {
        column = this.columns.get(key);
        if (column === undefined) {
          if (!this.weekSet.has(week) && this.weekSet.size >= MAX_WEEKS_PER_DELIVERY) return false;
          column = this.newColumn(key, week, source);
        }
        if (slot >= 0 && slot < DIRECT_SLOTS) this.direct[slot] = column;
      }
      this.lastKey = key;
      this.last = column;
    }
    if (column === null) return false;
    column.counts[student] = (column.counts[student] as number) + count;
    column.scheduled[student] = (column.scheduled[student] as number) + scheduled;
    column.seen[student] = 1;
    column.rows++;
    return true;
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
      for (let i = 0; i < this.studentCount; i++) seen[i] = (seen[i] as number) | (column.seen[i] as number);
    }
    return seen.reduce((sum, value) => sum + value, 0);
  }

  /** Distinct students with a good row in any week. */
  studentsSeen(): number {
    const seen = new Uint8Array(this.studentCount);
    for (const column of this.columns.values()) {
      for (let i = 0; i < this.studentCount; i++) seen[i] = (seen[i] as number) | (column.seen[i] as number);
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
      counts: new Float64Array(this.studentCount),
      scheduled: new Float64Array(this.studentCount),
      seen: new Uint8Array(this.studentCount),
      rows: 0,
    };
    this.columns.set(key, column);
    this.weekSet.add(week);
    return column;
  }
}

/**
 * One week's measures laid out for scoring: a dense student × source matrix of the values ranked (NaN =
 * missing), plus each student's attendance sessions and raw activity. A student × source with no measure
 * row is missing data (ingestion writes a row, possibly zero, for every student a source delivered);
 * attendance with no sessions scheduled is missing too. In "impute" mode a missing cell takes the latest
 * earlier measure supplied for that student × source, and is marked imputed. Measures come as objects, or
 * column-packed as they are stored (no object per measure), or both.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { Source, WeeklyMeasure } from '../domain/model.ts';
import type { MeasureColumns } from './types.ts';
import { measureValue } from '../domain/model.ts';

export interface MeasureMatrix {
  /** students × sources, row-major; NaN where missing. */
  values: Float64Array;
  /** 1 where the value was carried forward from an earlier week. */
  imputed: Uint8Array;
  /** Per student: raw occurrences this week over the measured sources (attendance: sessions attended). */
  activity: Float64Array;
  /** Per student: sessions attended and scheduled across attendance-category sources this week. */
  attended: Float64Array;
  scheduled: Float64Array;
}

export interface MatrixInput {
  week: IsoWeek;
  /** Row of each student to be scored. */
  rowOf: ReadonlyMap<string, number>;
  sources: readonly Source[];
  measures: readonly WeeklyMeasure[];
  /** More of the week's measures, column-packed. */
  measureColumns?: readonly MeasureColumns[];
  /** Earlier measures to carry forward (impute mode only); the latest week per student × source wins. */
  carryForward: readonly WeeklyMeasure[] | null;
}

/** Builds the matrix; throws on a measure for another week or a duplicate student × source. */
export function buildMeasureMatrix(input: MatrixInput): MeasureMatrix {
  const { week, rowOf, sources, measures, carryForward } = input;
  const rows = rowOf.size;
  const width = sources.length;
  const columnOf = new Map(sources.map((source, column) => [source.id, column]));
  const isAttendance = sources.map((source) => source.category === 'attendance');
  const values = new Float64Array(rows * width).fill(NaN);
  const present = new Uint8Array(rows * width);
  const imputed = new Uint8Array(rows * width);
  const activity = new Float64Array(rows);
  const attended = new Float64Array(rows);
  const scheduled = new Float64Array(rows);

  /** Records one measure (sessions undefined for a source without them). */
  const record = (
    row: number,
    column: number,
    studentId: string,
    count: number,
    sessionsAttended: number | undefined,
    sessionsScheduled: number | undefined,
  ): void => {
    const cell = row * width + column;
    if (present[cell] === 1) {
      throw new RangeError(`scoring ${week}: two measures for ${studentId} × ${sources[column]?.id}`);
    }
    present[cell] = 1;
    if (sessionsScheduled === undefined) {
      values[cell] = count;
      activity[row] = (activity[row] as number) + count;
      return;
    }
    const sessions = sessionsAttended ?? 0;
    if (sessionsScheduled > 0) values[cell] = sessions / sessionsScheduled;
    activity[row] = (activity[row] as number) + sessions;
    if (isAttendance[column]) {
      attended[row] = (attended[row] as number) + sessions;
      scheduled[row] = (scheduled[row] as number) + sessionsScheduled;
    }
  };

  // Measures usually arrive grouped by student: remember the last lookup.
  let lastStudent = '';
  let lastRow: number | undefined;
  for (const measure of measures) {
    if (measure.week !== week) {
      throw new RangeError(`scoring ${week}: got a measure for ${measure.week} (${measure.studentId})`);
    }
    if (measure.studentId !== lastStudent) {
      lastStudent = measure.studentId;
      lastRow = rowOf.get(lastStudent);
    }
    const column = columnOf.get(measure.sourceId);
    if (lastRow === undefined || column === undefined) continue;
    record(lastRow, column, lastStudent, measure.count, measure.attended, measure.scheduled);
  }
  for (const packed of input.measureColumns ?? []) {
    const rowsOf = packed.studentIds.map((id) => rowOf.get(id));
    for (const source of packed.sources) {
      const column = columnOf.get(source.sourceId);
      if (column === undefined) continue;
      const { counts, attended: sessionsAttended, scheduled: sessionsScheduled } = source;
      for (let i = 0; i < rowsOf.length; i++) {
        const row = rowsOf[i];
        const count = counts[i] as number;
        if (row === undefined || Number.isNaN(count)) continue;
        const sessions = sessionsScheduled === null ? NaN : (sessionsScheduled[i] as number);
        if (Number.isNaN(sessions)) {
          record(row, column, packed.studentIds[i] as string, count, undefined, undefined);
        } else {
          const stored = sessionsAttended === null ? NaN : (sessionsAttended[i] as number);
          const attendedHere = Number.isNaN(stored) ? 0 : stored;
          record(row, column, packed.studentIds[i] as string, count, attendedHere, sessions);
        }
      }
    }
  }

  if (carryForward !== null) {
    const latestWeek: (IsoWeek | undefined)[] = new Array<IsoWeek | undefined>(rows * width);
    for (const measure of carryForward) {
      if (measure.week >= week) continue;
      const row = rowOf.get(measure.studentId);
      const column = columnOf.get(measure.sourceId);
      if (row === undefined || column === undefined) continue;
      const cell = row * width + column;
      const value = measureValue(measure);
      const seen = latestWeek[cell];
      if (present[cell] === 1 && !Number.isNaN(values[cell] as number)) continue;
      if (value === null || (seen !== undefined && seen >= measure.week)) continue;
      latestWeek[cell] = measure.week;
      values[cell] = value;
      imputed[cell] = 1;
    }
  }
  return { values, imputed, activity, attended, scheduled };
}

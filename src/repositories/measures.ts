/**
 * Weekly measures: counts only, never content. Stored column-packed, one document per ISO week × student
 * shard (see studentShards.ts): the shard's student ids, and per source the count of each of those students
 * (and, for attendance, sessions attended of those scheduled) as a packed number column (packedColumns.ts),
 * null where that source gave the student nothing. A week of 50,000 students is then 64 documents instead
 * of 50,000. Writes set each given student × source value and leave the rest as they are, so re-delivering
 * a week replaces rather than adds; a shard is rewritten only over the revision it was read at, so
 * concurrent writers never lose each other's values. Increments are added shard by shard together with the
 * key of the delivery they came from (`applied`, in the same document write), so a delivery re-run after a
 * crash, or run twice at once, adds to each shard exactly once; the keys are dropped once the delivery is
 * logged as applied.
 */
import { COLLECTIONS } from '../store/collections.ts';
import { isDuplicateKeyError, type DocumentDb, type Filter } from '../store/types.ts';
import type { WeeklyMeasure } from '../domain/model.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { MeasureColumns } from '../scoring/types.ts';
import { WITHOUT_ID } from './documents.ts';
import { nullable, packFloats, unpackColumn, type PackedColumn } from './packedColumns.ts';
import { shardOf } from './studentShards.ts';

/** One source's values for the shard's students, index for index with `studentIds`; NaN = none. */
interface SourceColumn {
  sourceId: string;
  counts: PackedColumn;
  /** Attendance sources: sessions attended and scheduled (NaN for students given none). */
  attended?: PackedColumn;
  scheduled?: PackedColumn;
}

export interface MeasureShardDocument {
  week: IsoWeek;
  shard: number;
  /** Incremented by every rewrite; a rewrite applies only if the revision is still the one it read. */
  rev: number;
  studentIds: string[];
  /** Ordered by source id. */
  sources: SourceColumn[];
  /** Keys of the increments already added to this shard whose delivery is not yet logged as applied. */
  applied?: string[];
}

/** A source's columns unpacked, at the shard's new length. */
interface OpenColumn {
  sourceId: string;
  counts: Float64Array;
  attended: Float64Array | null;
  scheduled: Float64Array | null;
}

function grown(stored: PackedColumn | undefined, length: number): Float64Array | null {
  if (stored === undefined) return null;
  const column = new Float64Array(length).fill(NaN);
  column.set(unpackColumn(stored));
  return column;
}

/** The shard with `records` set over `current`, at the next revision. */
function merged(
  current: MeasureShardDocument | null,
  week: IsoWeek,
  shard: number,
  records: readonly WeeklyMeasure[],
): MeasureShardDocument {
  const studentIds = current ? [...current.studentIds] : [];
  const position = new Map(studentIds.map((id, i) => [id, i]));
  let lastStudent: string | undefined;
  for (const record of records) {
    if (record.studentId === lastStudent) continue;
    lastStudent = record.studentId;
    if (!position.has(lastStudent)) position.set(lastStudent, studentIds.push(lastStudent) - 1);
  }
  const length = studentIds.length;
  const columns = new Map<string, OpenColumn>(
    (current?.sources ?? []).map((column) => [
      column.sourceId,
      {
        sourceId: column.sourceId,
        counts: grown(column.counts, length) as Float64Array,
        attended: grown(column.attended, length),
        scheduled: grown(column.scheduled, length),
      },
    ]),
  );
  lastStudent = undefined;
  let at = 0;
  for (const record of records) {
    if (record.studentId !== lastStudent) {
      lastStudent = record.studentId;
      at = position.get(lastStudent) as number;
    }
    let column = columns.get(record.sourceId);
    if (!column) {
      column = {
        sourceId: record.sourceId,
        counts: new Float64Array(length).fill(NaN),
        attended: null,
        scheduled: null,
      };
      columns.set(record.sourceId, column);
    }
    column.counts[at] = record.count;
    if (record.scheduled !== undefined) {
      (column.attended ??= new Float64Array(length).fill(NaN))[at] = record.attended ?? 0;
      (column.scheduled ??= new Float64Array(length).fill(NaN))[at] = record.scheduled;
    }
  }
  const sources = [...columns.values()]
    .sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0))
    .map((column): SourceColumn => ({
      sourceId: column.sourceId,
      counts: packFloats(column.counts),
      ...(column.attended && column.scheduled
        ? { attended: packFloats(column.attended), scheduled: packFloats(column.scheduled) }
        : {}),
    }));
  const applied = current?.applied ?? [];
  return {
    week,
    shard,
    rev: current ? current.rev + 1 : 0,
    studentIds,
    sources,
    ...(applied.length > 0 ? { applied } : {}),
  };
}

/** The records with the shard's current values added to them (the sum each student × source becomes). */
function addedTo(current: MeasureShardDocument | null, records: readonly WeeklyMeasure[]): WeeklyMeasure[] {
  if (current === null) return [...records];
  const stored = new Map<string, WeeklyMeasure>();
  const values: WeeklyMeasure[] = [];
  unpack(current, values);
  for (const measure of values) stored.set(`${measure.studentId}\u0000${measure.sourceId}`, measure);
  return records.map((measure) => {
    const before = stored.get(`${measure.studentId}\u0000${measure.sourceId}`);
    const sum: WeeklyMeasure = { ...measure, count: measure.count + (before?.count ?? 0) };
    if (measure.scheduled !== undefined) {
      sum.attended = (measure.attended ?? 0) + (before?.attended ?? 0);
      sum.scheduled = measure.scheduled + (before?.scheduled ?? 0);
    }
    return sum;
  });
}

/** The shard's columns unpacked, as the scoring engine reads them. */
function columnsOf(document: MeasureShardDocument): MeasureColumns {
  return {
    studentIds: document.studentIds,
    sources: document.sources.map((column) => ({
      sourceId: column.sourceId,
      counts: unpackColumn(column.counts),
      attended: column.attended === undefined ? null : unpackColumn(column.attended),
      scheduled: column.scheduled === undefined ? null : unpackColumn(column.scheduled),
    })),
  };
}

/** The shard's measures, student by student (sources in id order); only `studentId`'s when given. */
function unpack(document: MeasureShardDocument, into: WeeklyMeasure[], studentId?: string): void {
  const { week, studentIds } = document;
  const only = studentId === undefined ? -1 : studentIds.indexOf(studentId);
  if (studentId !== undefined && only < 0) return;
  const { sources } = columnsOf(document);
  const [from, to] = only < 0 ? [0, studentIds.length] : [only, only + 1];
  for (let i = from; i < to; i++) {
    const id = studentIds[i] as string;
    for (const column of sources) {
      const count = nullable(column.counts, i);
      if (count === null) continue;
      const measure: WeeklyMeasure = { studentId: id, sourceId: column.sourceId, week, count };
      const scheduled = column.scheduled === null ? null : nullable(column.scheduled, i);
      if (scheduled !== null) {
        measure.attended = nullable(column.attended as Float64Array, i) ?? 0;
        measure.scheduled = scheduled;
      }
      into.push(measure);
    }
  }
}

export function measureRepository(db: DocumentDb) {
  const shards = db.collection<MeasureShardDocument>(COLLECTIONS.measures.name);

  /**
   * Reads the shard, sets the records over it (or, for an increment, adds them and records its key unless
   * the shard has it already) and writes it back unless another writer got there first.
   */
  async function saveShard(
    week: IsoWeek,
    shard: number,
    records: readonly WeeklyMeasure[],
    increment: string | null,
  ): Promise<void> {
    for (;;) {
      const current = await shards.findOne({ week, shard }, { projection: WITHOUT_ID });
      if (increment !== null && current?.applied?.includes(increment)) return;
      const next =
        increment === null
          ? merged(current, week, shard, records)
          : merged(current, week, shard, addedTo(current, records));
      if (increment !== null) next.applied = [...(next.applied ?? []), increment];
      try {
        if (current === null) {
          await shards.insertOne(next);
          return;
        }
        const result = await shards.bulkWrite([
          { replaceOne: { filter: { week, shard, rev: current.rev }, replacement: next } },
        ]);
        if (result.matchedCount === 1) return;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }

  const read = async (filter: Filter, studentId?: string): Promise<WeeklyMeasure[]> => {
    const documents = await shards.find(filter, { projection: WITHOUT_ID, sort: { week: 1 } }).toArray();
    const measures: WeeklyMeasure[] = [];
    for (const document of documents) unpack(document, measures, studentId);
    return measures;
  };

  /** Groups the records by week × shard and writes each shard (set, or added as the given increment). */
  async function write(records: readonly WeeklyMeasure[], increment: string | null): Promise<void> {
    const byShard = new Map<string, { week: IsoWeek; shard: number; records: WeeklyMeasure[] }>();
    // Records usually arrive grouped by student and week: remember the last one's shard entry.
    let lastStudent: string | undefined;
    let lastWeek: IsoWeek | undefined;
    let entry: { week: IsoWeek; shard: number; records: WeeklyMeasure[] } | undefined;
    for (const record of records) {
      if (record.studentId !== lastStudent || record.week !== lastWeek || entry === undefined) {
        lastStudent = record.studentId;
        lastWeek = record.week;
        const shard = shardOf(lastStudent);
        const key = `${lastWeek}\u0000${shard}`;
        entry = byShard.get(key);
        if (!entry) byShard.set(key, (entry = { week: lastWeek, shard, records: [] }));
      }
      entry.records.push(record);
    }
    await Promise.all(
      [...byShard.values()].map((shard) => saveShard(shard.week, shard.shard, shard.records, increment)),
    );
  }

  return {
    /** Sets each given student × source × week value, leaving the student-week's other sources as they are. */
    saveMeasures: (records: readonly WeeklyMeasure[]) => write(records, null),
    /**
     * Adds the records to what is stored, as the increment `key` (a delivery's): each shard takes the
     * increment at most once, however often it is added, until `forgetIncrement` drops the key.
     */
    addMeasures: (records: readonly WeeklyMeasure[], key: string) => write(records, key),
    /** Drops an increment's key from the weeks' shards once its delivery is logged as applied. */
    async forgetIncrement(weeks: readonly IsoWeek[], key: string): Promise<void> {
      // A week per update, so no one update rewrites many shards at once.
      await Promise.all(
        weeks.map((week) =>
          shards.updateMany({ week, applied: key }, { $pull: { applied: key }, $inc: { rev: 1 } }),
        ),
      );
    },
    measuresForWeek: (week: IsoWeek) => read({ week }),
    /** The week's measures column-packed, for scoring a large week without an object per measure. */
    async columnsForWeek(week: IsoWeek): Promise<MeasureColumns[]> {
      const documents = await shards.find({ week }, { projection: { _id: 0, rev: 0, applied: 0 } }).toArray();
      return documents.map(columnsOf);
    },
    /**
     * Each week's shard revisions as one string ("shard:rev,…"): it changes whenever a value of the week
     * is written (late data included). Weeks without measures are left out.
     */
    async revisionsOf(weeks: readonly IsoWeek[]): Promise<Map<IsoWeek, string>> {
      // Leaving the columns out (rather than naming the fields wanted) keeps the read a plain copy.
      const rows = await shards
        .find(
          { week: { $in: [...weeks] } },
          { projection: { _id: 0, studentIds: 0, sources: 0, applied: 0 } },
        )
        .toArray();
      rows.sort((a, b) => a.shard - b.shard);
      const byWeek = new Map<IsoWeek, string[]>();
      for (const row of rows) {
        const list = byWeek.get(row.week) ?? [];
        list.push(`${row.shard}:${row.rev}`);
        byWeek.set(row.week, list);
      }
      return new Map([...byWeek].map(([week, list]) => [week, list.join(',')]));
    },
    /** Every measure in the inclusive week range, for carrying values forward. */
    measuresBetween: (fromWeek: IsoWeek, toWeek: IsoWeek) => read({ week: { $gte: fromWeek, $lte: toWeek } }),
    /** The student's measures, oldest week first. */
    measuresForStudent: (studentId: string) => read({ shard: shardOf(studentId) }, studentId),
    /**
     * Cuts the student's slot out of every week's shard (erasure): each shard holding them is rewritten
     * without them, over the revision it was read at. Returns the number of weeks they were in.
     */
    async eraseStudent(studentId: string): Promise<number> {
      const shard = shardOf(studentId);
      const weeks = await shards
        .find({ shard, studentIds: studentId }, { projection: { _id: 0, week: 1 } })
        .toArray();
      for (const { week } of weeks) {
        for (;;) {
          const current = await shards.findOne({ week, shard }, { projection: WITHOUT_ID });
          if (current === null || !current.studentIds.includes(studentId)) break;
          const kept: WeeklyMeasure[] = [];
          unpack(current, kept);
          const next = merged(
            null,
            week,
            shard,
            kept.filter((measure) => measure.studentId !== studentId),
          );
          const rewritten = {
            ...next,
            rev: current.rev + 1,
            ...(current.applied && current.applied.length > 0 ? { applied: current.applied } : {}),
          };
          const result = await shards.bulkWrite([
            { replaceOne: { filter: { week, shard, rev: current.rev }, replacement: rewritten } },
          ]);
          if (result.matchedCount === 1) break;
        }
      }
      return weeks.length;
    },
  };
}

/**
 * The predict step's saved feature state (issue 17): after predicting a week, what the FeatureBuilder had
 * accumulated (features.ts, `FeatureBuilderState`) and the latest weeks' predicted risk, so the next week
 * continues from it instead of reading the whole term again. Stored like scores: one document per ISO week
 * × student shard (studentShards.ts), every per-student number a packed float64 column (packedColumns.ts),
 * so the numbers come back bit for bit. Each save has an id and says how many documents it wrote: a state
 * missing a document (a save cut short) reads as no state. The `stamp` says what the state is valid for;
 * the repository stores it and never reads its meaning (see docs/prediction.md, "Stored predictions and
 * the predict step").
 */
import { randomUUID } from 'node:crypto';
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { FeatureBuilderState } from '../prediction/features.ts';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID, upsertAll } from './documents.ts';
import { packFloats, unpackConcatenated, type PackedColumn } from './packedColumns.ts';
import { shardOf, STUDENT_SHARDS } from './studentShards.ts';

/** A week's saved state. Slot i of the builder's columns and of every `risk` column is `studentIds[i]`. */
export interface FeatureState {
  /** What made the state (model, feature layout, the stored weeks it took in), as one string. */
  stamp: string;
  builder: FeatureBuilderState;
  /** Predicted risk of the latest weeks, oldest first, one number per student (NaN = not predicted). */
  risk: Float64Array[];
}

interface FeatureStateShard {
  week: IsoWeek;
  shard: number;
  /** One save: every document it wrote has this id. */
  saveId: string;
  /** How many documents the save wrote. */
  documents: number;
  stamp: string;
  sourceIds: string[];
  weeksTaken: number;
  studentIds: string[];
  columns: { name: string; width: number; values: PackedColumn }[];
  recent: { name: string; weeks: PackedColumn[] }[];
  risk: PackedColumn[];
}

/** `values` (width numbers per slot) at the given slots, in their order. */
function gather(values: Float64Array, width: number, slots: readonly number[]): Float64Array {
  const out = new Float64Array(slots.length * width);
  if (width === 1) {
    for (let j = 0; j < slots.length; j++) out[j] = values[slots[j] as number] as number;
    return out;
  }
  for (let j = 0; j < slots.length; j++) {
    const from = (slots[j] as number) * width;
    out.set(values.subarray(from, from + width), j * width);
  }
  return out;
}

function shardDocuments(week: IsoWeek, state: FeatureState): FeatureStateShard[] {
  const { builder } = state;
  const slotsByShard = Array.from({ length: STUDENT_SHARDS }, (): number[] => []);
  builder.studentIds.forEach((id, i) => slotsByShard[shardOf(id)]?.push(i));
  const used = slotsByShard.flatMap((slots, shard) => (slots.length > 0 || shard === 0 ? [shard] : []));
  const saveId = randomUUID();
  return used.map((shard) => {
    const slots = slotsByShard[shard] as number[];
    return {
      week,
      shard,
      saveId,
      documents: used.length,
      stamp: state.stamp,
      sourceIds: [...builder.sourceIds],
      weeksTaken: builder.week,
      studentIds: slots.map((i) => builder.studentIds[i] as string),
      columns: builder.columns.map((column) => ({
        name: column.name,
        width: column.width,
        values: packFloats(gather(column.values, column.width, slots)),
      })),
      recent: builder.recent.map((entry) => ({
        name: entry.name,
        weeks: entry.weeks.map((values) => packFloats(gather(values, 1, slots))),
      })),
      risk: state.risk.map((values) => packFloats(gather(values, 1, slots))),
    };
  });
}

/** The documents of one complete save as one state; null when a document is missing or another save's. */
function joined(documents: readonly FeatureStateShard[]): FeatureState | null {
  const first = documents[0];
  if (
    first === undefined ||
    documents.length !== first.documents ||
    documents.some((document) => document.saveId !== first.saveId)
  ) {
    return null;
  }
  const byShard = [...documents].sort((a, b) => a.shard - b.shard);
  return {
    stamp: first.stamp,
    builder: {
      sourceIds: first.sourceIds,
      week: first.weeksTaken,
      studentIds: byShard.flatMap((document) => document.studentIds),
      columns: first.columns.map((column, c) => ({
        name: column.name,
        width: column.width,
        values: unpackConcatenated(byShard.map((document) => document.columns[c]?.values as PackedColumn)),
      })),
      recent: first.recent.map((entry, r) => ({
        name: entry.name,
        weeks: entry.weeks.map((_, w) =>
          unpackConcatenated(byShard.map((document) => document.recent[r]?.weeks[w] as PackedColumn)),
        ),
      })),
    },
    risk: first.risk.map((_, w) =>
      unpackConcatenated(byShard.map((document) => document.risk[w] as PackedColumn)),
    ),
  };
}

export function featureStateRepository(db: DocumentDb) {
  const states = db.collection<FeatureStateShard>(COLLECTIONS.featureStates.name);
  const weeksHolding = async (studentId: string): Promise<IsoWeek[]> => {
    const rows = await states
      .find({ shard: shardOf(studentId), studentIds: studentId }, { projection: { _id: 0, week: 1 } })
      .toArray();
    return rows.map((row) => row.week).sort();
  };
  return {
    /** The week's saved state, or null when there is none (or only part of one). */
    async load(week: IsoWeek): Promise<FeatureState | null> {
      return joined(await states.find({ week }, { projection: WITHOUT_ID }).toArray());
    },

    /**
     * Replaces the week's state: the new documents are written first, then those of earlier saves, so a
     * save cut short leaves at worst an incomplete state, which reads as none.
     */
    async save(week: IsoWeek, state: FeatureState): Promise<void> {
      const documents = shardDocuments(week, state);
      await upsertAll(states, documents, ['week', 'shard']);
      await states.deleteMany({ week, saveId: { $ne: (documents[0] as FeatureStateShard).saveId } });
    },

    /** Deletes every state but those of the given weeks (a state is only ever continued from the next week). */
    async keepOnly(weeks: readonly IsoWeek[]): Promise<void> {
      await states.deleteMany({ week: { $nin: [...weeks] } });
    },

    /** The weeks whose saved state includes the student (a working copy derived from their counts). */
    weeksHolding,

    /**
     * Erasure: drops every saved state that includes the student, whole, so the next predict step rebuilds
     * its state from the stored weeks rather than continue from one that held them. Returns the weeks.
     */
    async dropStatesHolding(studentId: string): Promise<number> {
      const weeks = await weeksHolding(studentId);
      if (weeks.length > 0) await states.deleteMany({ week: { $in: weeks } });
      return weeks.length;
    },

    /** The weeks that have a state (complete or not), oldest first. */
    async weeks(): Promise<IsoWeek[]> {
      const rows = await states.find({}, { projection: { _id: 0, week: 1 } }).toArray();
      return [...new Set(rows.map((row) => row.week))].sort();
    },
  };
}

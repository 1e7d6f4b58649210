/**
 * Predictive risk in the store (issue 17): the versioned model documents (one active at most; the others
 * candidates or retired), the predictions each model made per student-week (kept per model version, so a
 * new model never rewrites past predictions), and the AI-layer switch with its history, recorded in the
 * config-change log like every other configuration change (who, when, why). Predictions are stored
 * column-packed per week × model × student shard, like scores: a week of 50,000 is 64 documents of packed
 * numbers, each listing its distinct trajectories, reason features and sentences once, not 50,000 objects
 * with their reasons.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import {
  parseModelDocument,
  type ModelDocument,
  type MODEL_TARGETS,
  type PromotionComparison,
} from '../prediction/modelDocument.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';
import { packColumn, unpackColumn, type PackedColumn } from './packedColumns.ts';
import { shardOf, STUDENT_SHARDS } from './studentShards.ts';

type ModelTarget = (typeof MODEL_TARGETS)[number];

/** A model document as stored, with how it came to be (who trained it, what the promotion rule said). */
export interface StoredRiskModel {
  versionId: string;
  /** 1, 2, 3, ...: the order models were trained in. */
  sequence: number;
  document: ModelDocument;
  trainedBy: string;
  /** The promotion rule's comparison against the model active when this one was trained (null: none). */
  promotion: PromotionComparison | null;
  /** How the active model was measured for that comparison (docs/prediction.md, "Promotion rule"). */
  promotionBasis?: string | null;
}

/** One reason a student-week is at risk, in plain words. */
export interface StoredReason {
  feature: string;
  sentence: string;
}

/** One student-week's prediction by one model version. */
export interface RiskPrediction {
  studentId: string;
  week: IsoWeek;
  modelVersion: string;
  /** Calibrated probability of the model's target (absent on older predictions: outcome). */
  probability: number;
  /** What the probability is of: the model's target (docs/prediction.md, "Targets"). */
  target?: ModelTarget;
  /** probability ≥ the model's operating threshold. */
  atRisk: boolean;
  trajectory: string;
  /** Up to three, the strongest first. */
  reasons: StoredReason[];
}

type WeekPrediction = Omit<RiskPrediction, 'week' | 'modelVersion'>;

/** One model's predictions of one week for one shard's students; index i of each column is studentIds[i]. */
interface PredictionShard {
  week: IsoWeek;
  modelVersion: string;
  shard: number;
  /** The model's target, the same for every student (absent on older predictions: outcome). */
  target?: ModelTarget;
  studentIds: string[];
  probability: PackedColumn;
  /** 1 = At Risk. */
  atRisk: PackedColumn;
  /** The trajectories named, referred to by position in `trajectory`. */
  trajectories: string[];
  trajectory: PackedColumn;
  /** Reason slots per student (the most reasons any of the shard's students has). */
  reasonSlots: number;
  /** The features named, referred to by position in `reasonFeature` (student-major, NaN = no reason). */
  reasonFeatures: string[];
  reasonFeature: PackedColumn;
  /** The sentences said (students share most), referred to by position in `reasonSentence`, same slots. */
  reasonSentences: string[];
  reasonSentence: PackedColumn;
  /** Stores written before predictions were packed hold them as objects instead of the columns above. */
  predictions?: WeekPrediction[];
}

/** A list of distinct strings, each referred to by its position. */
class Distinct {
  readonly list: string[] = [];
  private readonly positions = new Map<string, number>();
  positionOf(value: string): number {
    let at = this.positions.get(value);
    if (at === undefined) {
      at = this.list.push(value) - 1;
      this.positions.set(value, at);
    }
    return at;
  }
}

function packPredictions(
  week: IsoWeek,
  modelVersion: string,
  shard: number,
  rows: readonly WeekPrediction[],
): PredictionShard {
  const slots = Math.max(0, ...rows.map((row) => row.reasons.length));
  const trajectories = new Distinct();
  const features = new Distinct();
  const sentences = new Distinct();
  const reasonFeature = new Float64Array(rows.length * slots).fill(NaN);
  const reasonSentence = new Float64Array(rows.length * slots).fill(NaN);
  rows.forEach((row, i) =>
    row.reasons.forEach((reason, r) => {
      reasonFeature[i * slots + r] = features.positionOf(reason.feature);
      reasonSentence[i * slots + r] = sentences.positionOf(reason.sentence);
    }),
  );
  return {
    week,
    modelVersion,
    shard,
    ...(rows[0]?.target !== undefined && { target: rows[0].target }),
    studentIds: rows.map((row) => row.studentId),
    probability: packColumn(rows.map((row) => row.probability)),
    atRisk: packColumn(rows.map((row) => (row.atRisk ? 1 : 0))),
    trajectory: packColumn(rows.map((row) => trajectories.positionOf(row.trajectory))),
    trajectories: trajectories.list,
    reasonSlots: slots,
    reasonFeatures: features.list,
    reasonFeature: packColumn(reasonFeature),
    reasonSentences: sentences.list,
    reasonSentence: packColumn(reasonSentence),
  };
}

/** The shard's predictions, in its student order; only `studentId`'s when given. */
function unpackPredictions(document: PredictionShard, studentId?: string): RiskPrediction[] {
  const { week, modelVersion, studentIds, reasonSlots: slots, target } = document;
  if (document.predictions !== undefined) {
    return document.predictions
      .filter((row) => studentId === undefined || row.studentId === studentId)
      .map((row) => ({ ...row, week, modelVersion }));
  }
  const only = studentId === undefined ? -1 : studentIds.indexOf(studentId);
  if (studentId !== undefined && only < 0) return [];
  const probability = unpackColumn(document.probability);
  const atRisk = unpackColumn(document.atRisk);
  const trajectory = unpackColumn(document.trajectory);
  const reasonFeature = unpackColumn(document.reasonFeature);
  const reasonSentence = unpackColumn(document.reasonSentence);
  const [from, to] = only < 0 ? [0, studentIds.length] : [only, only + 1];
  const predictions: RiskPrediction[] = [];
  for (let i = from; i < to; i++) {
    const reasons: StoredReason[] = [];
    for (let r = 0; r < slots; r++) {
      const feature = reasonFeature[i * slots + r] as number;
      if (Number.isNaN(feature)) break;
      reasons.push({
        feature: document.reasonFeatures[feature] as string,
        sentence: document.reasonSentences[reasonSentence[i * slots + r] as number] as string,
      });
    }
    predictions.push({
      studentId: studentIds[i] as string,
      week,
      modelVersion,
      probability: probability[i] as number,
      atRisk: atRisk[i] === 1,
      trajectory: document.trajectories[trajectory[i] as number] as string,
      reasons,
      ...(target !== undefined && { target }),
    });
  }
  return predictions;
}

export interface PredictionSettings {
  /** When false nothing is predicted or shown. */
  enabled: boolean;
  /** A student with fewer scored weeks than this has trajectory "Insufficient data". */
  minHistoryWeeks: number;
}

export const DEFAULT_PREDICTION_SETTINGS: PredictionSettings = { enabled: true, minHistoryWeeks: 8 };

export interface PredictionSettingChange {
  at: Date;
  by: string;
  why: string;
  kind: 'prediction';
  changes: { field: string; before: unknown; after: unknown }[];
}

const SETTINGS_KEY = 'predictionSettings';

export function riskModelRepository(db: DocumentDb) {
  const models = db.collection<StoredRiskModel>(COLLECTIONS.riskModels.name);
  const predictions = db.collection<PredictionShard>(COLLECTIONS.riskPredictions.name);
  const meta = db.collection<{ key: string; value: PredictionSettings }>(COLLECTIONS.meta.name);
  const changes = db.collection<PredictionSettingChange>(COLLECTIONS.configChanges.name);

  const asStored = (stored: StoredRiskModel | null): StoredRiskModel | null =>
    stored === null ? null : { ...stored, document: parseModelDocument(stored.document) };

  const settings = async (): Promise<PredictionSettings> => ({
    ...DEFAULT_PREDICTION_SETTINGS,
    ...((await meta.findOne({ key: SETTINGS_KEY }))?.value ?? {}),
  });

  return {
    /** Every model, oldest first. */
    list: async (): Promise<StoredRiskModel[]> =>
      (await models.find({}, { projection: WITHOUT_ID, sort: { sequence: 1 } }).toArray()).map(
        (stored) => asStored(stored) as StoredRiskModel,
      ),
    find: async (versionId: string) =>
      asStored(await models.findOne({ versionId }, { projection: WITHOUT_ID })),
    active: async () =>
      asStored(await models.findOne({ 'document.status': 'active' }, { projection: WITHOUT_ID })),
    /** The next free version id: "v1", "v2", ... */
    async nextVersion(): Promise<{ versionId: string; sequence: number }> {
      const last = await models.findOne({}, { projection: WITHOUT_ID, sort: { sequence: -1 } });
      const sequence = (last?.sequence ?? 0) + 1;
      return { versionId: `v${sequence}`, sequence };
    },
    /** Stores a new model (validated); when it is active, the previously active model is retired. */
    async save(model: StoredRiskModel): Promise<void> {
      const document = parseModelDocument(model.document);
      if (document.status === 'active') {
        await models.updateMany({ 'document.status': 'active' }, { $set: { 'document.status': 'retired' } });
      }
      await models.insertOne({ ...model, document });
    },
    /** Makes this version the active one (the previous active model is retired). False if unknown. */
    async activate(versionId: string): Promise<boolean> {
      if ((await models.findOne({ versionId })) === null) return false;
      await models.updateMany(
        { 'document.status': 'active', versionId: { $ne: versionId } },
        { $set: { 'document.status': 'retired' } },
      );
      await models.updateOne({ versionId }, { $set: { 'document.status': 'active' } });
      return true;
    },

    /** Replaces one model's predictions for a week (re-running the week with the same model). */
    async savePredictions(
      week: IsoWeek,
      modelVersion: string,
      rows: readonly WeekPrediction[],
    ): Promise<void> {
      const byShard = Array.from({ length: STUDENT_SHARDS }, (): WeekPrediction[] => []);
      for (const row of rows) byShard[shardOf(row.studentId)]?.push(row);
      await predictions.deleteMany({ week, modelVersion });
      await upsertAll(
        predictions,
        byShard.flatMap((shard, index) =>
          shard.length === 0 ? [] : [packPredictions(week, modelVersion, index, shard)],
        ),
        ['week', 'modelVersion', 'shard'],
      );
    },
    /** One model's predictions for a week (empty when it has made none). */
    async predictionsFor(week: IsoWeek, modelVersion: string): Promise<RiskPrediction[]> {
      const shards = await predictions.find({ week, modelVersion }, { projection: WITHOUT_ID }).toArray();
      return shards.flatMap((shard) => unpackPredictions(shard));
    },
    /** The model versions that have predictions for a week. */
    async versionsPredicting(week: IsoWeek): Promise<string[]> {
      const shards = await predictions.find({ week }, { projection: { modelVersion: 1, _id: 0 } }).toArray();
      return [...new Set(shards.map((shard) => shard.modelVersion))];
    },
    /** One student's predictions for every week, by every model. */
    async predictionsOfStudent(studentId: string): Promise<RiskPrediction[]> {
      const shards = await predictions
        .find({ shard: shardOf(studentId) }, { projection: WITHOUT_ID })
        .toArray();
      return shards.flatMap((shard) => unpackPredictions(shard, studentId));
    },

    /** Cuts the student out of every stored prediction shard (erasure); returns the shards rewritten. */
    async erasePredictionsOf(studentId: string): Promise<number> {
      const shards = await predictions
        .find(
          {
            shard: shardOf(studentId),
            $or: [{ studentIds: studentId }, { 'predictions.studentId': studentId }],
          },
          { projection: WITHOUT_ID },
        )
        .toArray();
      for (const shard of shards) {
        const kept = unpackPredictions(shard).filter((row) => row.studentId !== studentId);
        await predictions.bulkWrite([
          {
            replaceOne: {
              filter: { week: shard.week, modelVersion: shard.modelVersion, shard: shard.shard },
              replacement: packPredictions(shard.week, shard.modelVersion, shard.shard, kept),
            },
          },
        ]);
      }
      return shards.length;
    },

    settings,
    /** The AI-layer setting changes, newest first. */
    settingsHistory: () =>
      changes.find({ kind: 'prediction' }, { projection: WITHOUT_ID, sort: { at: -1 } }).toArray(),
    /** Changes the prediction settings and records who, when and why; a change that alters nothing is refused. */
    async changeSettings(
      update: Partial<PredictionSettings>,
      change: { by: string; why: string; at: Date },
    ): Promise<PredictionSettingChange> {
      const before = await settings();
      const after = { ...before, ...update };
      const fieldChanges = (Object.keys(after) as (keyof PredictionSettings)[])
        .filter((field) => before[field] !== after[field])
        .map((field) => ({ field, before: before[field], after: after[field] }));
      if (fieldChanges.length === 0) throw new Error('the change leaves the prediction settings as they are');
      await meta.updateOne({ key: SETTINGS_KEY }, { $set: { value: after } }, { upsert: true });
      const record: PredictionSettingChange = { ...change, kind: 'prediction', changes: fieldChanges };
      await changes.insertOne({ ...record });
      return record;
    },
  };
}

export type RiskModelRepository = ReturnType<typeof riskModelRepository>;

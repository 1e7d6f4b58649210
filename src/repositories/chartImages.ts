/**
 * The numbers behind a chart image link: saved under an id derived from its content when a card is built
 * (the same chart is one document, however often it is linked), read when the image is fetched, and
 * removed by the store's TTL index once every link to it has expired. Holds chart points only (weeks and
 * scores, band counts, or a model's calibration bins) — never a student id or name — so any process can serve it.
 */
import { COLLECTIONS } from '../store/collections.ts';
import { isDuplicateKeyError, type DocumentDb } from '../store/types.ts';

/** One week of a student's score trend; shared-cause weeks are drawn grey. */
export interface TrendPoint {
  week: string;
  score: number;
  sharedCause: boolean;
}

/** One 200-point band and how many students are in it. */
export interface BandCount {
  label: string;
  count: number;
}

/** One bin of the risk model's calibration. */
export interface CalibrationPoint {
  /** Mean predicted probability of the bin. */
  predicted: number;
  /** Observed share with a bad outcome. */
  observed: number;
  count: number;
}

export type StoredChart =
  | { id: string; kind: 'trend'; points: TrendPoint[]; expiresAt: Date }
  | { id: string; kind: 'student-trend' | 'student-trend-scored'; points: TrendPoint[]; expiresAt: Date }
  | { id: string; kind: 'bands'; counts: BandCount[]; expiresAt: Date }
  | { id: string; kind: 'calibration'; points: CalibrationPoint[]; expiresAt: Date };

export function chartImageRepository(db: DocumentDb) {
  const charts = db.collection<StoredChart>(COLLECTIONS.chartImages.name);
  return {
    /**
     * Stores the chart unless a document with its id exists, and keeps it at least until `expiresAt` (a
     * later expiry than the stored one extends it). Two processes saving the same chart at once is fine.
     */
    async save(chart: StoredChart): Promise<void> {
      const { id, expiresAt, ...numbers } = chart;
      const upsert = () =>
        charts.updateOne({ id }, { $setOnInsert: numbers, $max: { expiresAt } }, { upsert: true });
      try {
        await upsert();
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        await upsert(); // another process inserted it between our look and our insert
      }
    },
    /** The chart, or null when unknown or already expired at `now` (the TTL sweep may lag). */
    async find(id: string, now: Date): Promise<StoredChart | null> {
      const chart = await charts.findOne({ id }, { projection: { _id: 0 } });
      if (!chart || new Date(chart.expiresAt).getTime() <= now.getTime()) return null;
      return chart;
    },
  };
}

export type ChartImageRepository = ReturnType<typeof chartImageRepository>;

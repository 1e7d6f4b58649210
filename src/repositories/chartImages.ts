/**
 * The numbers behind a chart image link: saved under a random id when a card is built, read when the
 * image is fetched, and removed by the store's TTL index once the link has expired. Holds chart points
 * only (weeks and scores, or band counts) — never a student id or name — so any process can serve it.
 */
import type { BandCount, TrendPoint } from '../chat/charts.ts';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';

export type StoredChart =
  | { id: string; kind: 'trend'; points: TrendPoint[]; expiresAt: Date }
  | { id: string; kind: 'bands'; counts: BandCount[]; expiresAt: Date };

export function chartImageRepository(db: DocumentDb) {
  const charts = db.collection<StoredChart>(COLLECTIONS.chartImages.name);
  return {
    async save(chart: StoredChart): Promise<void> {
      await charts.insertOne({ ...chart });
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

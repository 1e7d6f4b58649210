/**
 * The governance records: evidence of each erasure (who, when, why and how many records per collection,
 * never whose) and each retention purge's report (counts per data kind and the cut-off dates).
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export interface ErasureEvidence {
  id: string;
  at: Date;
  /** Who erased: a staff id, or "cli:<os user>". */
  by: string;
  why: string;
  /** Records removed (or shards a slot was cut from) per collection; only collections with any. */
  counts: Record<string, number>;
  total: number;
}

export interface PurgedKind {
  kind: string;
  /** The period as configured, e.g. "3y". */
  period: string;
  /** Records dated before this were purged. */
  cutoff: Date;
  /** Weekly data: weeks before this ISO week were purged. */
  cutoffWeek: string;
  /** Records removed per collection. */
  removed: Record<string, number>;
}

export interface PurgeReport {
  at: Date;
  /** "job" for the nightly run, or "cli:<os user>". */
  by: string;
  dryRun: boolean;
  kinds: PurgedKind[];
  total: number;
}

export function governanceRepository(db: DocumentDb) {
  const erasures = db.collection<ErasureEvidence>(COLLECTIONS.erasures.name);
  const purges = db.collection<PurgeReport>(COLLECTIONS.purgeReports.name);
  return {
    recordErasure: async (evidence: ErasureEvidence) => void (await erasures.insertOne({ ...evidence })),
    erasures: (limit = 50) =>
      erasures.find({}, { projection: WITHOUT_ID, sort: { at: -1 }, limit }).toArray(),
    recordPurge: async (report: PurgeReport) => void (await purges.insertOne({ ...report })),
    purgeReports: (limit = 10) =>
      purges.find({}, { projection: WITHOUT_ID, sort: { at: -1 }, limit }).toArray(),
  };
}

export type GovernanceRepository = ReturnType<typeof governanceRepository>;

/**
 * The scoring configuration's versions and its change history: every change records who, when, what
 * (field by field, before and after) and why. A change applies from the next weekly run; weeks already
 * scored keep the version they were computed with.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import {
  DEFAULT_SCORING_CONFIG,
  FIRST_SCORE_METHOD,
  parseScoringConfig,
  type ScoringConfig,
} from '../scoring/config.ts';
import { WITHOUT_ID } from './documents.ts';

export interface ScoringConfigVersion {
  version: number;
  config: ScoringConfig;
  at: Date;
  by: string;
  why: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ConfigChange {
  at: Date;
  by: string;
  why: string;
  kind: 'scoring';
  version: number;
  changes: FieldChange[];
}

/** Version 0: the shipped defaults, in force until the first recorded change. */
const SHIPPED: ScoringConfigVersion = {
  version: 0,
  config: DEFAULT_SCORING_CONFIG,
  at: new Date(0),
  by: 'engage',
  why: 'shipped defaults',
};

/**
 * A stored version as the engine reads it: versions saved before the method was configurable ran the
 * first method, and fields added since take their defaults.
 */
function asStored(stored: ScoringConfigVersion | null): ScoringConfigVersion | null {
  if (stored === null) return null;
  const config = stored.config as Partial<ScoringConfig>;
  return {
    ...stored,
    config: parseScoringConfig({ ...config, method: config.method ?? FIRST_SCORE_METHOD }),
  };
}

export function scoringConfigRepository(db: DocumentDb) {
  const versions = db.collection<ScoringConfigVersion>(COLLECTIONS.scoringConfig.name);
  const changes = db.collection<ConfigChange>(COLLECTIONS.configChanges.name);

  const current = async (): Promise<ScoringConfigVersion> =>
    asStored(await versions.findOne({}, { projection: WITHOUT_ID, sort: { version: -1 } })) ?? SHIPPED;

  return {
    current,
    async version(version: number): Promise<ScoringConfigVersion | null> {
      if (version === 0) return SHIPPED;
      return asStored(await versions.findOne({ version }, { projection: WITHOUT_ID }));
    },
    /**
     * Validates the merged configuration (throws a ZodError naming the bad field), stores it as the next
     * version and records the change. A change that alters nothing is refused.
     */
    async change(
      update: Partial<ScoringConfig>,
      meta: { by: string; why: string; at: Date },
    ): Promise<ConfigChange> {
      if (!meta.why.trim()) throw new Error('a configuration change needs a reason (why)');
      const previous = await current();
      const config = parseScoringConfig({ ...previous.config, ...update });
      const fieldChanges = diff(previous.config, config);
      if (fieldChanges.length === 0) throw new Error('the change leaves the scoring configuration as it is');
      const version = previous.version + 1;
      await versions.insertOne({ version, config, ...meta });
      const record: ConfigChange = { ...meta, kind: 'scoring', version, changes: fieldChanges };
      await changes.insertOne({ ...record });
      return record;
    },
    history: () => changes.find({ kind: 'scoring' }, { projection: WITHOUT_ID, sort: { at: -1 } }).toArray(),
  };
}
function diff(before: ScoringConfig, after: ScoringConfig): FieldChange[] {
  return (Object.keys(after) as (keyof ScoringConfig)[])
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

/**
 * Opens the embedded document store: a MongoDB-compatible `DocumentDb` persisted under one data
 * directory (single writer, journal + snapshot, TTL sweeps). This is the module's public entry point.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Store } from '../../../src/store/types.ts';
import { EmbeddedDb } from './db.ts';
import { lockDirectory } from './lock.ts';
import { consoleLogger, type StoreLogger } from './logger.ts';
import { Storage } from './storage.ts';

export type { StoreLogger } from './logger.ts';
export type { EmbeddedDb } from './db.ts';

export interface EmbeddedStoreOptions {
  dataDir: string;
  logger?: StoreLogger;
  /** How often TTL indexes are enforced; MongoDB's default is 60 s. */
  ttlSweepIntervalMs?: number;
  /** Journal size below which compaction never runs (default 16 MiB). */
  compactMinBytes?: number;
  /** Database name used in error messages (default `engage`, as for MongoDB). */
  databaseName?: string;
  /**
   * Decode each collection, and each document, when first read rather than all at open: for a command that
   * reads a little of a large store and exits. A long-running process decodes at open (the default), so
   * that the bytes read from disk are not kept alongside the documents decoded from them.
   */
  decodeOnFirstRead?: boolean;
}

export interface EmbeddedStore extends Store {
  readonly kind: 'embedded';
  readonly db: EmbeddedDb;
  readonly dataDir: string;
  /** Runs a TTL sweep now, as of `now`; resolves with the number of documents removed. */
  sweepExpired(now?: Date): Promise<number>;
  /** Snapshots the data and starts a fresh journal (also done automatically and on close). */
  compact(): Promise<void>;
}

export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const dataDir = resolve(options.dataDir);
  const logger = options.logger ?? consoleLogger;
  const sweepEveryMs = options.ttlSweepIntervalMs ?? 60_000;
  if (!(sweepEveryMs > 0)) throw new TypeError(`ttlSweepIntervalMs must be positive, got ${sweepEveryMs}`);
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDirectory(dataDir, logger);
  let storage: Storage;
  const db = new EmbeddedDb(options.databaseName ?? 'engage', (payload) => storage.commit(payload));
  try {
    storage = await Storage.open({
      dir: dataDir,
      logger,
      compactMinBytes: options.compactMinBytes ?? 16 * 1024 * 1024,
      replay: (payload) => db.replay(payload),
      snapshot: () => db.snapshotPayloads(),
    });
    if (!options.decodeOnFirstRead) db.decodeAll();
  } catch (error) {
    lock.release();
    throw error;
  }

  const sweep = (): void => {
    db.sweepExpired().catch((error: unknown) =>
      logger.warn({ dir: dataDir, error: String(error) }, 'store TTL sweep failed'),
    );
  };
  const timer = setInterval(sweep, sweepEveryMs);
  timer.unref();
  let closing: Promise<void> | null = null;

  return {
    kind: 'embedded',
    db,
    dataDir,
    sweepExpired: (now) => db.sweepExpired(now),
    compact: () => storage.compact(),
    async ping() {
      if (closing) throw new Error('store is closed');
      if (storage.failed) throw storage.failed;
    },
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        db.refuseWrites(new Error(`store ${dataDir} is closed`));
        try {
          await storage.close();
        } finally {
          lock.release();
        }
      })();
      return closing;
    },
  };
}

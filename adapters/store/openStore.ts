/**
 * Chooses the document store: MongoDB when a connection string is configured, otherwise the embedded
 * store under the data directory.
 */
import type { Store } from '../../src/store/types.ts';
import { openEmbeddedStore } from './embedded/index.ts';
import type { StoreLogger } from './embedded/logger.ts';
import { openMongoStore } from './mongo/index.ts';

export type { StoreLogger } from './embedded/logger.ts';

export interface OpenStoreOptions {
  mongodbUri?: string;
  dataDir: string;
  logger?: StoreLogger;
}

export function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.mongodbUri) return openMongoStore({ uri: options.mongodbUri, logger: options.logger });
  return openEmbeddedStore({ dataDir: options.dataDir, logger: options.logger });
}

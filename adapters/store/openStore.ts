/**
 * Chooses the document store: MongoDB when a connection string is configured, otherwise the embedded
 * store under the data directory. Each is loaded only when chosen (the MongoDB driver alone takes a
 * noticeable part of a CLI command's start).
 */
import type { Store } from '../../src/store/types.ts';
import type { StoreLogger } from './embedded/logger.ts';

export type { StoreLogger } from './embedded/logger.ts';

export interface OpenStoreOptions {
  mongodbUri?: string;
  dataDir: string;
  logger?: StoreLogger;
  /** The embedded store decodes what is read when it is first read, not all at open (a short command). */
  decodeOnFirstRead?: boolean;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.mongodbUri) {
    const { openMongoStore } = await import('./mongo/index.ts');
    return openMongoStore({ uri: options.mongodbUri, logger: options.logger });
  }
  const { openEmbeddedStore } = await import('./embedded/index.ts');
  return openEmbeddedStore({
    dataDir: options.dataDir,
    logger: options.logger,
    decodeOnFirstRead: options.decodeOnFirstRead,
  });
}

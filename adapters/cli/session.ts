/**
 * Opens the configured store for one CLI command, declares its collections, hands the repositories to
 * the command and always closes the store afterwards (releasing the embedded store's lock).
 */
import type { Env } from '../../src/config/env.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import type { Store } from '../../src/store/types.ts';
import { openStore } from '../store/openStore.ts';

export async function withRepositories<T>(
  env: Env,
  run: (repos: Repositories, store: Store) => Promise<T>,
): Promise<T> {
  const logger = createLogger({ level: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL });
  const store = await openStore({
    mongodbUri: env.MONGODB_URI,
    dataDir: env.DATA_DIR,
    logger,
    decodeOnFirstRead: true,
  });
  try {
    await ensureCollections(store.db);
    return await run(repositories(store.db), store);
  } finally {
    await store.close();
  }
}

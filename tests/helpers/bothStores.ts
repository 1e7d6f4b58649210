/**
 * The two stores a repository test runs on: the embedded store in a temp dir always, and MongoDB (a fresh
 * database, dropped afterwards) when MONGODB_URI is set — null then, for `describe.skipIf`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { openMongoStore } from '../../adapters/store/mongo/index.ts';
import type { Store } from '../../src/store/types.ts';

interface OpenedStore {
  store: Store;
  dispose(): Promise<void>;
}

/** [name, opener] for each store; `prefix` names the temp dir and the MongoDB database. */
export function bothStores(prefix: string): [string, (() => Promise<OpenedStore>) | null][] {
  return [
    [
      'embedded',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), `engage-${prefix}-`));
        const store = await openEmbeddedStore({ dataDir: dir });
        return { store, dispose: () => rm(dir, { recursive: true, force: true }) };
      },
    ],
    [
      'MongoDB',
      process.env.MONGODB_URI
        ? async () => {
            const url = new URL(process.env.MONGODB_URI as string);
            url.pathname = `/engage_${prefix}_test_${randomUUID().slice(0, 8)}`;
            const store = await openMongoStore({ uri: url.toString() });
            return {
              store,
              async dispose() {
                const client = await MongoClient.connect(url.toString());
                await client.db().dropDatabase();
                await client.close();
              },
            };
          }
        : null,
    ],
  ];
}

/**
 * The stores a repository test runs on: the embedded store in a temp dir always, and MongoDB (a throw-away
 * database on MONGODB_URI) when it is set, else null so the suite is skipped there. Each opens with one
 * collection's declared indexes only, since FerretDB (CI's MongoDB) lacks a partial index another
 * collection declares.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { openMongoStore } from '../../adapters/store/mongo/index.ts';
import { COLLECTIONS, type CollectionName } from '../../src/store/collections.ts';
import type { IndexOptions, Store } from '../../src/store/types.ts';

export interface OpenedStore {
  store: Store;
  dispose(): Promise<void>;
}

type Opener = () => Promise<OpenedStore>;

async function openEmbedded(): Promise<OpenedStore> {
  const dir = await mkdtemp(join(tmpdir(), 'engage-repository-'));
  const store = await openEmbeddedStore({ dataDir: dir });
  return { store, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** A throw-away database on MONGODB_URI (named `engage_<prefix>_test_…`), dropped by `dispose`. */
export async function openThrowAwayMongo(prefix = 'repository'): Promise<OpenedStore> {
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

/** [name, opener or null] for each store, with `collection`'s indexes created on opening. */
export function repositoryStores(collection: CollectionName): [string, Opener | null][] {
  const withIndexes =
    (open: Opener): Opener =>
    async () => {
      const opened = await open();
      const { name, indexes } = COLLECTIONS[collection];
      for (const index of indexes as readonly { keys: Record<string, 1 | -1>; options?: IndexOptions }[])
        await opened.store.db.collection(name).createIndex(index.keys, index.options);
      return opened;
    };
  return [
    ['embedded', withIndexes(openEmbedded)],
    ['MongoDB', process.env.MONGODB_URI ? withIndexes(() => openThrowAwayMongo()) : null],
  ];
}

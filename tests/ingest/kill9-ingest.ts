/**
 * Child process for the crash-during-increment test: opens the embedded store in argv[2] and ingests the
 * CSV file argv[3] into source `vle` as an increment. It lets argv[4] writes of weekly-measure shards
 * through, prints `applied part` once they are acknowledged and holds every later one before it reaches
 * the store, so its parent can kill it
 * with SIGKILL at a known point: some of the delivery's counts stored, the rest not.
 */
import { fileDelivery } from '../../adapters/files/fileDelivery.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { ingestDelivery } from '../../src/ingest/ingestDelivery.ts';
import { repositories } from '../../src/repositories/index.ts';
import { COLLECTIONS } from '../../src/store/collections.ts';
import type { DocumentDb, StoreCollection } from '../../src/store/types.ts';

const [dataDir, csvPath, writesArg = '1'] = process.argv.slice(2);
if (!dataDir || !csvPath) throw new Error('usage: kill9-ingest <dataDir> <csv> [shard writes]');
const writesBeforeHold = Number(writesArg);

const store = await openEmbeddedStore({ dataDir });
let started = 0;
let done = 0;
/** Lets the first writes through and holds every later one before it reaches the store. */
const holdAfterWrites = async <T>(write: () => Promise<T>): Promise<T> => {
  if (started >= writesBeforeHold) await new Promise(() => undefined);
  started += 1;
  const result = await write();
  done += 1;
  if (done === writesBeforeHold) process.stdout.write('applied part\n');
  return result;
};
const db: DocumentDb = {
  collection<T extends object>(name: string): StoreCollection<T> {
    const collection = store.db.collection<T>(name);
    if (name !== COLLECTIONS.measures.name) return collection;
    return new Proxy(collection, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        const method = (value as (...args: unknown[]) => unknown).bind(target);
        if (property !== 'insertOne' && property !== 'bulkWrite') return method;
        return (...args: unknown[]) => holdAfterWrites(() => method(...args) as Promise<unknown>);
      },
    });
  },
};
process.stdin.resume();
await ingestDelivery(repositories(db), await fileDelivery(csvPath, 'vle', { mode: 'increment' }));
process.stdout.write('done\n');

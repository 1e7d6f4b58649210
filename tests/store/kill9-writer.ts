/**
 * Child process for the kill -9 scenarios (tests and bench): opens the embedded store in the directory
 * given as argv[2], inserts argv[3] documents `{ _id: <n> }` with insertMany batches of argv[4], a few
 * batches in flight at once, and prints `ack <from> <to>` (to exclusive) as each batch is acknowledged,
 * then `done`. It never closes the store: it waits on stdin until its parent kills it.
 */
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';

const [dataDir, totalArg = '10000', batchArg = '100'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: kill9-writer <dataDir> [total] [batchSize]');
const total = Number(totalArg);
const batchSize = Number(batchArg);
const IN_FLIGHT = 4;

const store = await openEmbeddedStore({ dataDir });
const collection = store.db.collection('kill9');
process.stdin.resume();

let next = 0;
async function writer(): Promise<void> {
  while (next < total) {
    const from = next;
    const to = Math.min(total, from + batchSize);
    next = to;
    const docs = [];
    for (let id = from; id < to; id++) docs.push({ _id: id, at: new Date(), payload: `document ${id}` });
    await collection.insertMany(docs);
    process.stdout.write(`ack ${from} ${to}\n`);
  }
}
await Promise.all(Array.from({ length: IN_FLIGHT }, writer));
process.stdout.write('done\n');

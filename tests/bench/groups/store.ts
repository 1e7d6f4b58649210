/**
 * Store bench group: durable insert throughput (insertMany batches of 1,000, each acknowledged after
 * fsync), indexed point reads (findOne on a unique index), a $group over 50,000 documents (median of three
 * after a warm-up, with the process's peak RSS around it) and the kill -9 scenario's lost acknowledged
 * documents, all on the embedded store in a temporary directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '../../../adapters/store/embedded/index.ts';
import type { StoreLogger } from '../../../adapters/store/embedded/logger.ts';
import { countMissing, writeThenKill } from '../../store/kill9.ts';

const INSERT_DOCS = 100_000;
const BATCH = 1_000;
const READS = 100_000;
const GROUP_DOCS = 50_000;
const KILL9_DOCS = 10_000;

const quiet: StoreLogger = { warn: () => undefined };

function studentDoc(i: number): Record<string, unknown> {
  return {
    studentId: `s${i}`,
    course: `c${i % 40}`,
    week: i % 12,
    score: (i * 7919) % 100,
    at: new Date(1_700_000_000_000 + i * 1000),
  };
}

export async function run(): Promise<Record<string, number>> {
  const root = await mkdtemp(join(tmpdir(), 'engage-bench-store-'));
  try {
    const store = await openEmbeddedStore({ dataDir: join(root, 'main'), logger: quiet });
    const students = store.db.collection('students');
    await students.createIndex({ studentId: 1 }, { unique: true });

    let started = performance.now();
    for (let from = 0; from < INSERT_DOCS; from += BATCH) {
      const batch = [];
      for (let i = from; i < from + BATCH; i++) batch.push(studentDoc(i));
      await students.insertMany(batch);
    }
    const insertPerSecond = INSERT_DOCS / ((performance.now() - started) / 1000);

    started = performance.now();
    for (let i = 0; i < READS; i++) {
      const doc = await students.findOne({ studentId: `s${(i * 7919) % INSERT_DOCS}` });
      if (doc === null) throw new Error('indexed read missed');
    }
    const readPerSecond = READS / ((performance.now() - started) / 1000);

    const scores = store.db.collection('scores');
    for (let from = 0; from < GROUP_DOCS; from += BATCH) {
      const batch = [];
      for (let i = from; i < from + BATCH; i++) batch.push(studentDoc(i));
      await scores.insertMany(batch);
    }
    // One warm-up run (JIT), then the median of three; the aggregate runs synchronously inside toArray, so
    // RSS is sampled right before and after each run (it does not shrink between those points).
    const pipeline = [{ $group: { _id: '$course', students: { $sum: 1 }, mean: { $avg: '$score' } } }];
    let groups = await scores.aggregate(pipeline).toArray();
    let peakRss = process.memoryUsage().rss;
    const timings: number[] = [];
    for (let i = 0; i < 3; i++) {
      started = performance.now();
      groups = await scores.aggregate(pipeline).toArray();
      timings.push(performance.now() - started);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const groupMs = timings.sort((a, b) => a - b)[1] as number;
    if (groups.length !== 40) throw new Error(`unexpected $group result: ${groups.length} groups`);
    await store.close();

    const kill9Dir = join(root, 'kill9');
    const kill9 = await writeThenKill({
      dataDir: kill9Dir,
      total: KILL9_DOCS,
      batchSize: 100,
      killAfter: 3_000,
    });
    const lost = await countMissing(kill9Dir, kill9.acknowledged, quiet);

    return {
      'store.insert_per_s': Math.round(insertPerSecond),
      'store.read_per_s': Math.round(readPerSecond),
      'store.group_50k_ms': Math.round(groupMs * 10) / 10,
      'store.kill9_lost': lost,
      'store.peak_rss_mb': Math.round((peakRss / 1024 / 1024) * 10) / 10,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

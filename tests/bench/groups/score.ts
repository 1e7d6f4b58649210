/**
 * Bench group "score": the pure compute of one week for 50,000 students × 8 sources; the same week end to
 * end on the embedded store (load students, sources and measures, score, store the scores); the 30-week
 * backfill end to end (in a child process, see scoreBackfill.ts); and the peak RSS of either process.
 * When the backfill does not complete (it ran out of memory), `score.backfill_30w_s` is left out and
 * `score.backfill_weeks_done` says how far it got.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { openEmbeddedStore } from '../../../adapters/store/embedded/index.ts';
import { repositories } from '../../../src/repositories/index.ts';
import { ensureCollections } from '../../../src/store/collections.ts';
import { scoreAndStoreWeek } from '../../../src/weekly/scoreAndStoreWeek.ts';
import { benchInput, computeFigures } from './scoreCompute.ts';

const WEEK = '2026-W40';
const BACKFILL_SCRIPT = new URL('./scoreBackfill.ts', import.meta.url).pathname;
/** The backfill's heap may not grow past the peak-RSS target. */
const BACKFILL_HEAP_MB = 1400;

async function oneWeekEndToEnd(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'engage-bench-score-'));
  const store = await openEmbeddedStore({ dataDir: dir });
  try {
    await ensureCollections(store.db);
    const repos = repositories(store.db);
    const { students, sources, measures } = benchInput(WEEK);
    await repos.institution.saveStudents(students);
    await repos.sources.saveSources(sources);
    await repos.institution.saveCalendar([{ week: WEEK, kind: 'teaching', term: 'bench' }]);
    await repos.measures.saveMeasures(measures);
    const started = performance.now();
    await scoreAndStoreWeek(repos, WEEK);
    return (performance.now() - started) / 1000;
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function backfill(): Promise<{
  seconds: number;
  weeks: number;
  peakRssMb: number;
  completed: boolean;
}> {
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${BACKFILL_HEAP_MB}`, '--import', 'tsx', BACKFILL_SCRIPT],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-20_000)));
  let seconds = 0;
  let weeks = 0;
  let peakRssMb = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const week = JSON.parse(line) as { seconds: number; rssMb: number };
    seconds += week.seconds;
    weeks += 1;
    peakRssMb = Math.max(peakRssMb, week.rssMb);
  }
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) {
    const reason = /heap out of memory/i.test(errors)
      ? `out of memory (heap capped at ${BACKFILL_HEAP_MB} MB)`
      : errors.trim();
    process.stderr.write(`bench: the backfill stopped after ${weeks} of 30 weeks: ${reason}\n`);
  }
  return { seconds, weeks, peakRssMb, completed: code === 0 };
}

export async function run(): Promise<Record<string, number>> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const compute = await computeFigures();
    const week = await oneWeekEndToEnd();
    const backfilled = await backfill();
    return {
      ...compute,
      'score.week_50k_s': week,
      ...(backfilled.completed ? { 'score.backfill_30w_s': backfilled.seconds } : {}),
      'score.backfill_weeks_done': backfilled.weeks,
      'score.peak_rss_mb': Math.max(peak / 2 ** 20, backfilled.peakRssMb),
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Bench group "score": the pure compute of one week for 50,000 students × 8 sources; the same week end to
 * end on the embedded store (load students, sources and measures, score, store the scores); a 30-week
 * backfill end to end (each week's measures written, then the week scored and stored, oldest first); and
 * the peak RSS over the whole group.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEmbeddedStore } from '../../../adapters/store/embedded/index.ts';
import { addWeeks, type IsoWeek } from '../../../src/domain/isoWeek.ts';
import { repositories, type Repositories } from '../../../src/repositories/index.ts';
import { ensureCollections } from '../../../src/store/collections.ts';
import { scoreAndStoreWeek } from '../../../src/weekly/scoreAndStoreWeek.ts';
import { benchInput, computeFigures } from './scoreCompute.ts';

const FIRST_WEEK: IsoWeek = '2026-W36';
const BACKFILL_WEEKS = 30;

async function withBenchStore<T>(run: (repos: Repositories) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'engage-bench-score-'));
  const store = await openEmbeddedStore({ dataDir: dir });
  try {
    await ensureCollections(store.db);
    return await run(repositories(store.db));
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the roster, sources and term calendar of the bench institution (not timed). */
async function seedRoster(repos: Repositories, weeks: IsoWeek[]): Promise<void> {
  const { students, sources } = benchInput(weeks[0]);
  await repos.institution.saveStudents(students);
  await repos.sources.saveSources(sources);
  await repos.institution.saveCalendar(weeks.map((week) => ({ week, kind: 'teaching', term: 'bench' })));
}

async function oneWeekEndToEnd(): Promise<number> {
  return withBenchStore(async (repos) => {
    await seedRoster(repos, [FIRST_WEEK]);
    await repos.measures.saveMeasures(benchInput(FIRST_WEEK).measures);
    const started = performance.now();
    await scoreAndStoreWeek(repos, FIRST_WEEK);
    return (performance.now() - started) / 1000;
  });
}

async function backfill(): Promise<number> {
  const weeks = Array.from({ length: BACKFILL_WEEKS }, (_, i) => addWeeks(FIRST_WEEK, i));
  return withBenchStore(async (repos) => {
    await seedRoster(repos, weeks);
    let seconds = 0;
    for (const week of weeks) {
      const { measures } = benchInput(week);
      const started = performance.now();
      await repos.measures.saveMeasures(measures);
      await scoreAndStoreWeek(repos, week);
      seconds += (performance.now() - started) / 1000;
    }
    return seconds;
  });
}

export async function run(): Promise<Record<string, number>> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const compute = await computeFigures();
    const week = await oneWeekEndToEnd();
    const backfillSeconds = await backfill();
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      ...compute,
      'score.week_50k_s': week,
      'score.backfill_30w_s': backfillSeconds,
      'score.peak_rss_mb': peak / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The 30-week backfill of the "score" bench group, run as a child process so that running out of memory
 * ends this process, not the bench: for each week, oldest first, the week's measures for 50,000 students ×
 * 8 sources are written to a fresh embedded store, then the week is scored and stored. Prints one JSON line
 * per week: { week, seconds, rssMb }.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEmbeddedStore } from '../../../adapters/store/embedded/index.ts';
import { addWeeks } from '../../../src/domain/isoWeek.ts';
import { repositories } from '../../../src/repositories/index.ts';
import { ensureCollections } from '../../../src/store/collections.ts';
import { scoreAndStoreWeek } from '../../../src/weekly/scoreAndStoreWeek.ts';
import { benchInput } from './scoreCompute.ts';

const BACKFILL_WEEKS = 30;
const FIRST_WEEK = '2026-W36';

const dir = await mkdtemp(join(tmpdir(), 'engage-bench-backfill-'));
const store = await openEmbeddedStore({ dataDir: dir });
try {
  await ensureCollections(store.db);
  const repos = repositories(store.db);
  const weeks = Array.from({ length: BACKFILL_WEEKS }, (_, i) => addWeeks(FIRST_WEEK, i));
  const { students, sources } = benchInput(FIRST_WEEK);
  await repos.institution.saveStudents(students);
  await repos.sources.saveSources(sources);
  await repos.institution.saveCalendar(weeks.map((week) => ({ week, kind: 'teaching', term: 'bench' })));
  for (const week of weeks) {
    const { measures } = benchInput(week);
    const started = performance.now();
    await repos.measures.saveMeasures(measures);
    await scoreAndStoreWeek(repos, week);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${JSON.stringify({ week, seconds, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`,
    );
  }
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}

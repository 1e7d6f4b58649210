/**
 * The stored predict step of the "predict" bench group, run as a child process (its own heap and peak
 * RSS): a fresh embedded store gets the score bench's 50,000 students × 8 sources and 30 weeks of measures,
 * each week scored as the weekly run does; then the model the parent trained (a document at argv[2]) is
 * made active and the predict step runs week by week, oldest first, each week continuing from the previous
 * week's saved state. Then, on week 30 (best of three after the backfill): the features and calibrated
 * risk from week 29's state and week 30's stored scores (`weekRisk`), and the whole stored step
 * (`predictAndStoreWeek`: also trajectory, reasons, and saving the predictions and the state); and once,
 * the same step with no saved state (a rebuild from week 1). Prints one JSON line per backfilled week
 * ({ week, seconds, cpuSeconds }) and then one with the figures, wall and CPU seconds.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEmbeddedStore } from '../../../adapters/store/embedded/index.ts';
import { addWeeks, type IsoWeek } from '../../../src/domain/isoWeek.ts';
import { parseModelDocument } from '../../../src/prediction/modelDocument.ts';
import { predictAndStoreWeek, weekRisk } from '../../../src/prediction/predictWeek.ts';
import { riskModelOf } from '../../../src/prediction/storedModel.ts';
import { repositories } from '../../../src/repositories/index.ts';
import { ensureCollections } from '../../../src/store/collections.ts';
import { scoreAndStoreWeek } from '../../../src/weekly/scoreAndStoreWeek.ts';
import { benchInput } from './scoreCompute.ts';

const STEP_WEEKS = 30;
const STEP_FIRST_WEEK = '2026-W36';

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);

/** Wall and CPU seconds (this process, GC threads included: what a loaded machine does not inflate). */
async function seconds(task: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await task();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** The fastest of three runs, wall and CPU each. */
async function bestOfThree(task: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  let best = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < 3; i++) {
    const run = await seconds(task);
    best = { wall: Math.min(best.wall, run.wall), cpu: Math.min(best.cpu, run.cpu) };
  }
  return best;
}

const document = parseModelDocument(JSON.parse(await readFile(process.argv[2] as string, 'utf8')));
const dir = await mkdtemp(join(tmpdir(), 'engage-bench-predict-step-'));
const store = await openEmbeddedStore({ dataDir: dir });
try {
  await ensureCollections(store.db);
  const repos = repositories(store.db);
  const weeks: IsoWeek[] = Array.from({ length: STEP_WEEKS }, (_, i) => addWeeks(STEP_FIRST_WEEK, i));
  const { students, sources } = benchInput(STEP_FIRST_WEEK);
  await repos.institution.saveStudents(students);
  await repos.sources.saveSources(sources);
  await repos.institution.saveCalendar(weeks.map((week) => ({ week, kind: 'teaching', term: 'bench' })));
  for (const week of weeks) {
    await repos.measures.saveMeasures(benchInput(week).measures);
    await scoreAndStoreWeek(repos, week);
  }

  const { versionId } = await repos.riskModels.nextVersion();
  await repos.riskModels.save({
    versionId,
    sequence: 1,
    document: { ...document, versionId, status: 'active' },
    trainedBy: 'bench',
    promotion: null,
  });
  for (const week of weeks) {
    const took = await seconds(() => predictAndStoreWeek(repos, week));
    process.stdout.write(`${JSON.stringify({ week, seconds: took.wall, cpuSeconds: took.cpu })}\n`);
  }

  const risk = riskModelOf(document);
  const last = weeks.at(-1) as IsoWeek;
  const infer = await bestOfThree(async () => {
    if (!(await weekRisk(repos, weeks, risk, versionId)).continued) {
      throw new Error('predict bench: week 30 did not continue from week 29');
    }
  });
  const step = await bestOfThree(() => predictAndStoreWeek(repos, last));
  await repos.featureStates.keepOnly([]);
  const rebuild = await seconds(() => predictAndStoreWeek(repos, last));
  const predicted = (await repos.riskModels.predictionsFor(last, versionId)).length;
  process.stdout.write(
    `${JSON.stringify({
      inferSeconds: infer.wall,
      inferCpuSeconds: infer.cpu,
      stepSeconds: step.wall,
      stepCpuSeconds: step.cpu,
      rebuildSeconds: rebuild.wall,
      rebuildCpuSeconds: rebuild.cpu,
      predicted,
      peakRssMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
    })}\n`,
  );
} finally {
  clearInterval(sampler);
  await store.close();
  await rm(dir, { recursive: true, force: true });
}

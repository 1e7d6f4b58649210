/**
 * Bench group "predict" (issue 17, predictive risk):
 *
 * - On OULAD AAA (../shared/data/oulad-aaa, imported into a temporary store): train on 2013J (term weeks
 *   4..12), test on 2014J among the students still registered at the end of term week 8 — ROC AUC, PR AUC
 *   and Brier (`predict.auc_w8`, `predict.pr_auc_w8`, `predict.brier_w8`). Left out when the data is absent.
 * - On the score bench's synthetic institution (benchInput: 50,000 students × 8 sources), 30 weeks scored
 *   in memory with the pure scoreWeek (recent-log, each week continuing from the last): training on term
 *   weeks 4..12 with a planted label (the student's activity over weeks 13..30 in the bottom quarter: a
 *   future-disengagement target, since the synthetic institution has no outcomes). `predict.train_s`
 *   (features + fit + cross-fitted calibration) and its CPU seconds.
 * - The product's predict step with that model, on the embedded store, in a child process (predictStep.ts):
 *   the 30 weeks scored and stored, then predicted week by week. `predict.infer_50k_s` is one week,
 *   everyone: week 30's features and calibrated risk from week 29's saved state and week 30's stored
 *   scores; `predict.step_50k_s` the whole stored step (also trajectory, reasons, saving predictions and
 *   state); `predict.rebuild_50k_s` the same step with no saved state (walking the 30 weeks);
 *   `predict.backfill_30w_s` the 30 weekly steps in order and `predict.backfill_max_week_s` the slowest.
 * - `predict.peak_rss_mb`: the larger of this process's and the child's peak RSS.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { openEmbeddedStore } from '../../../adapters/store/embedded/index.ts';
import { addWeeks } from '../../../src/domain/isoWeek.ts';
import {
  buildDataset,
  trainRiskModel,
  type LabelledStudent,
  type RiskModel,
} from '../../../src/prediction/dataset.ts';
import { sourcesOf, type CohortWeek } from '../../../src/prediction/features.ts';
import type { ModelDocument } from '../../../src/prediction/modelDocument.ts';
import { modelReport } from '../../../src/prediction/modelReport.ts';
import { repositories } from '../../../src/repositories/index.ts';
import { ensureCollections } from '../../../src/store/collections.ts';
import { recentLevelsOfResult } from '../../../src/scoring/recentLevels.ts';
import { scoreWeek } from '../../../src/scoring/scoreWeek.ts';
import type { RecentLevels, WeekScoreResult } from '../../../src/scoring/types.ts';
import { benchInput } from './scoreCompute.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const OULAD_AAA = join(ROOT, '../shared/data/oulad-aaa');
const SYNTHETIC_WEEKS = 30;
const FIRST_WEEK = '2026-W36';
const TRAINING_WEEKS = [4, 5, 6, 7, 8, 9, 10, 11, 12];
const STEP_SCRIPT = new URL('./predictStep.ts', import.meta.url).pathname;
/** The step child's heap may not grow past the peak-RSS target. */
const STEP_HEAP_MB = 1400;

async function oulad(): Promise<Record<string, number>> {
  if (!existsSync(OULAD_AAA)) {
    process.stderr.write(`bench: ${OULAD_AAA} not found; the OULAD figures are left out\n`);
    return {};
  }
  const dir = await mkdtemp(join(tmpdir(), 'engage-bench-predict-'));
  try {
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'adapters/cli/engage.js'), 'import', 'oulad', OULAD_AAA, '--data-dir', dir],
      { maxBuffer: 1 << 26 },
    );
    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      await ensureCollections(store.db);
      const report = await modelReport(repositories(store.db), { weeks: [8] });
      const week = report.weeks[0];
      return {
        'predict.auc_w8': week?.auc ?? NaN,
        'predict.pr_auc_w8': week?.prAuc ?? NaN,
        'predict.brier_w8': week?.brier ?? NaN,
        'predict.base_rate_w8': week?.baseRate ?? NaN,
      };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One scored week as the features read it (what the store's scores and measure columns would give). */
function cohortWeek(result: WeekScoreResult, input: ReturnType<typeof benchInput>): CohortWeek {
  const sourceIds = input.sources.map((source) => source.id);
  const width = sourceIds.length;
  const sourceIndex = new Map(sourceIds.map((id, s) => [id, s]));
  const row = new Map(result.scores.map((score, i) => [score.studentId, i]));
  const n = result.scores.length;
  const levels = new Float64Array(n * width).fill(NaN);
  const counts = new Float64Array(n * width).fill(NaN);
  result.scores.forEach((score, i) =>
    score.breakdown.sourceIds.forEach((id, s) => {
      const level = score.breakdown.measures[s];
      if (level !== null && level !== undefined) levels[i * width + (sourceIndex.get(id) as number)] = level;
    }),
  );
  for (const measure of input.measures) {
    const i = row.get(measure.studentId);
    if (i !== undefined) counts[i * width + (sourceIndex.get(measure.sourceId) as number)] = measure.count;
  }
  return {
    week: result.week,
    studentIds: result.scores.map((score) => score.studentId),
    score: Float64Array.from(result.scores, (score) => score.score),
    activity: Float64Array.from(result.scores, (score) => score.activity),
    attendancePct: Float64Array.from(result.scores, (score) => score.attendancePct ?? NaN),
    sourceIds,
    levels,
    counts,
  };
}

function train(
  weeks: readonly CohortWeek[],
  students: readonly LabelledStudent[],
): { risk: RiskModel; trainingRows: number } {
  const set = buildDataset(weeks.slice(0, 12), students, TRAINING_WEEKS, sourcesOf(weeks));
  return { risk: trainRiskModel(set), trainingRows: set.rows.length };
}

async function synthetic(): Promise<{ figures: Record<string, number>; document: ModelDocument }> {
  const weeks: CohortWeek[] = [];
  let recent: RecentLevels | null = null;
  const futureActivity = new Map<string, number>();
  for (let k = 1; k <= SYNTHETIC_WEEKS; k++) {
    const input = benchInput(addWeeks(FIRST_WEEK, k - 1));
    const result = scoreWeek({ ...input, recent });
    recent = recentLevelsOfResult(result);
    const week = cohortWeek(result, input);
    weeks.push(week);
    if (k > 12) {
      week.studentIds.forEach((id, i) =>
        futureActivity.set(id, (futureActivity.get(id) ?? 0) + (week.activity[i] as number)),
      );
    }
  }
  const everyone = benchInput(FIRST_WEEK, 50_000).students.map((student) => student.id);
  const cut = [...everyone.map((id) => futureActivity.get(id) ?? 0)].sort((a, b) => a - b)[
    Math.floor(everyone.length / 4)
  ] as number;
  const students = everyone.map((studentId) => ({
    studentId,
    bad: (futureActivity.get(studentId) ?? 0) < cut,
    withdrawnWeek: null,
  }));

  const cpuSeconds = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1e6;
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  // In a function, so the 450,000 training rows are garbage before the step child starts.
  const { risk, trainingRows } = train(weeks, students);
  const trainSeconds = (performance.now() - started) / 1000;
  const trainCpu = cpuSeconds(cpu);

  return {
    figures: {
      'predict.train_s': trainSeconds,
      'predict.train_rows': trainingRows,
      // CPU seconds of this process (GC threads included), for a loaded machine where wall time says little.
      'predict.train_cpu_s': trainCpu,
    },
    document: benchDocument(risk),
  };
}

/** The trained model as a stored document, for the step child. */
function benchDocument(risk: RiskModel): ModelDocument {
  return {
    schemaVersion: 1,
    versionId: 'v1',
    target: 'future-disengagement',
    featureNames: risk.featureNames,
    model: risk.model,
    calibrator: risk.calibrator,
    trainingWindow: { terms: ['bench'], fromWeek: TRAINING_WEEKS[0] as number, toWeek: 12 },
    metrics: {
      perWeek: [],
      auc: null,
      prAuc: null,
      brier: 0,
      baseRate: risk.trainingBaseRate,
      calibration: [],
    },
    operatingThreshold: risk.operatingThreshold,
    createdAt: new Date().toISOString(),
    status: 'active',
  };
}

/** The stored predict step in a child process (predictStep.ts). */
async function storedStep(document: ModelDocument): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'engage-bench-predict-model-'));
  try {
    const path = join(dir, 'model.json');
    await writeFile(path, JSON.stringify(document));
    const child = spawn(
      process.execPath,
      // The service's V8 worker pool, as this process has it (main.ts): the step runs in the service.
      [
        ...process.execArgv.filter((arg) => arg.startsWith('--v8-pool-size')),
        `--max-old-space-size=${STEP_HEAP_MB}`,
        '--import',
        'tsx',
        STEP_SCRIPT,
        path,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-20_000)));
    const weekSeconds: number[] = [];
    const weekCpuSeconds: number[] = [];
    let result: Record<string, number> | null = null;
    for await (const line of createInterface({ input: child.stdout })) {
      const parsed = JSON.parse(line) as Record<string, number>;
      if ('week' in parsed) {
        weekSeconds.push(parsed.seconds as number);
        weekCpuSeconds.push(parsed.cpuSeconds as number);
      } else result = parsed;
    }
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0 || result === null) {
      process.stderr.write(
        `bench: the predict step child failed after ${weekSeconds.length} weeks: ${errors.trim()}\n`,
      );
      return {};
    }
    return {
      'predict.infer_50k_s': result.inferSeconds as number,
      'predict.step_50k_s': result.stepSeconds as number,
      'predict.rebuild_50k_s': result.rebuildSeconds as number,
      'predict.backfill_30w_s': weekSeconds.reduce((a, b) => a + b, 0),
      'predict.backfill_max_week_s': Math.max(...weekSeconds),
      'predict.step_students': result.predicted as number,
      'predict.infer_50k_cpu_s': result.inferCpuSeconds as number,
      'predict.step_50k_cpu_s': result.stepCpuSeconds as number,
      'predict.rebuild_50k_cpu_s': result.rebuildCpuSeconds as number,
      'predict.backfill_30w_cpu_s': weekCpuSeconds.reduce((a, b) => a + b, 0),
      'predict.step_peak_rss_mb': result.peakRssMb as number,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, number>> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const ouladFigures = await oulad();
    const trained = await synthetic();
    const ownPeak = Math.max(peak, process.memoryUsage().rss) / 2 ** 20;
    const step = await storedStep(trained.document);
    return {
      ...ouladFigures,
      ...trained.figures,
      ...step,
      'predict.peak_rss_mb': Math.max(ownPeak, step['predict.step_peak_rss_mb'] ?? 0),
    };
  } finally {
    clearInterval(sampler);
  }
}

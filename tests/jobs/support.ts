/**
 * Support for the scheduler tests: the stores they run on (the embedded store in a temporary directory,
 * and MongoDB in a throw-away database when MONGODB_URI is set), a silent logger, child scheduler
 * processes, and promises that settle on job completions instead of sleeps.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../adapters/store/openStore.ts';
import type { JobName, JobScheduler } from '../../adapters/runtime/jobCatalogue.ts';
import type { JobFinished } from '../../jobs/scheduler.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { Store } from '../../src/store/types.ts';

export const silentLogger = createLogger({ level: 'silent' });

/** Scheduler settings every job test starts from: a lock long enough never to lapse, a quick poll, London. */
export const TEST_SCHEDULER_SETTINGS = {
  logger: silentLogger,
  lockLifetimeMs: 60_000,
  processEveryMs: 100,
  timezone: 'Europe/London',
} as const;

/**
 * The lock lifetime of the shared-store workers: short, for a quick retake after a kill, yet well above
 * any pause of a loaded machine, which would let the other process retake a healthy run.
 */
export const SLOT_LOCK_LIFETIME_MS = 3_000;

/** Where the handlers of the tests record each run. */
export const RUNS = 'jobRuns';

export interface StoreTarget {
  /** Opens the target's store; each call is a fresh connection to the same data. */
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

export async function embeddedTarget(): Promise<StoreTarget & { dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'engage-jobs-'));
  return {
    dataDir,
    open: () => openStore({ dataDir, logger: silentLogger }),
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** A database of its own on the server named by `uri`, emptied of the tests' collections afterwards. */
export async function mongoTarget(uri: string): Promise<StoreTarget & { uri: string }> {
  const database = `engage_jobs_test_${randomUUID().slice(0, 8)}`;
  const url = uri.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)(\/[^?]*)?/, `$1/${database}`);
  const target = await embeddedTarget();
  const open = () => openStore({ mongodbUri: url, dataDir: target.dataDir, logger: silentLogger });
  return {
    uri: url,
    open,
    async dispose() {
      const store = await open();
      for (const name of ['agendaJobs', 'agendaJobClaims', RUNS])
        await store.db.collection(name).deleteMany({});
      await store.close();
      await target.dispose();
    },
  };
}

/** Settles with the next completion of a job named `name` in this scheduler. */
export function finished(scheduler: JobScheduler, name: JobName): Promise<JobFinished> {
  return new Promise((resolve) => {
    const off = scheduler.onFinished((event) => {
      if (event.name !== name) return;
      off();
      resolve(event);
    });
  });
}

const WORKER = join(import.meta.dirname, 'worker.ts');

/** Starts `tests/jobs/worker.ts` in a child process of its own. */
export function spawnWorker(
  mode: string,
  dataDir: string,
  ...args: string[]
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', WORKER, mode, dataDir, ...args], {
    cwd: join(import.meta.dirname, '..', '..'),
  });
}

/** Runs a worker to its end; resolves with its standard output, rejects with its standard error. */
export function runWorker(mode: string, dataDir: string, ...args: string[]): Promise<string> {
  const child = spawnWorker(mode, dataDir, ...args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`worker ${mode} exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

/** Resolves once the child prints `line` on its standard output. */
export function printed(child: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.split('\n').includes(line)) resolve();
    });
    child.on('exit', (code, signal) => reject(new Error(`worker exited with ${code ?? signal}: ${stderr}`)));
  });
}

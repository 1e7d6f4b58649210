/**
 * A job locked by a process that crashed mid-run is taken over once the lock lifetime has passed: a child
 * process starts a job whose handler never returns, is killed with SIGKILL, and a scheduler with a short
 * lock lifetime then runs the job to completion — a one-off job, and a recurring one (which Agenda alone
 * would leave until its next occurrence).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type JobName, createJobScheduler } from '../../adapters/runtime/jobCatalogue.ts';
import {
  embeddedTarget,
  finished,
  printed,
  RUNS,
  silentLogger,
  spawnWorker,
  type StoreTarget,
} from './support.ts';

describe('a job locked by a crashed process', () => {
  let target: StoreTarget & { dataDir: string };

  beforeEach(async () => {
    target = await embeddedTarget();
  });

  afterEach(async () => {
    await target.dispose();
  });

  async function crashWhileRunning(mode: string): Promise<void> {
    const child = spawnWorker(mode, target.dataDir);
    await printed(child, 'started');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Opens the store in this process and runs its scheduler until `name` has completed once. */
  async function recover(name: JobName) {
    const store = await target.open();
    const scheduler = createJobScheduler({
      store,
      logger: silentLogger,
      lockLifetimeMs: 1_000,
      processEveryMs: 100,
      timezone: 'Europe/London',
      handlers: {
        [name]: async () => {
          await store.db.collection(RUNS).insertOne({ job: name, mode: 'recovery', at: new Date() });
        },
      },
    });
    const recovered = finished(scheduler, name);
    await scheduler.start();
    const outcome = await recovered;
    const state = await scheduler.state();
    await scheduler.drain(5_000);
    const runs = await store.db.collection(RUNS).find({}).sort({ at: 1 }).toArray();
    await store.close();
    return { outcome, state, runs };
  }

  it('is retaken after the lock lifetime and runs to completion', async () => {
    await crashWhileRunning('hang');
    const { outcome, state, runs } = await recover('score-week');

    expect(outcome.ok).toBe(true);
    expect(runs.map((run) => [run.job, run.mode])).toEqual([
      ['score-week', 'hang'],
      ['score-week', 'recovery'],
    ]);
    // Not before the crashed lock had lapsed (the child recorded its run a moment after taking the lock).
    expect((runs[1]?.at as Date).getTime() - (runs[0]?.at as Date).getTime()).toBeGreaterThan(900);
    expect(state.lockedCount).toBe(0);
  });

  it('runs an interrupted recurring job again, then keeps its schedule', async () => {
    await crashWhileRunning('hang-digest');
    const { outcome, state, runs } = await recover('post-digests');

    expect(outcome.ok).toBe(true);
    expect(runs.map((run) => [run.job, run.mode])).toEqual([
      ['post-digests', 'hang-digest'],
      ['post-digests', 'recovery'],
    ]);
    expect((runs[1]?.at as Date).getTime() - (runs[0]?.at as Date).getTime()).toBeGreaterThan(900);
    const [digest] = state.scheduled;
    expect(new Date(digest!.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
  });
});

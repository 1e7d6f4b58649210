/**
 * A job locked by a process that crashed mid-run is taken over once the lock lifetime has passed: a child
 * process starts a job whose handler never returns, is killed with SIGKILL, and a scheduler with a short
 * lock lifetime then runs the job to completion.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createScheduler } from '../../jobs/scheduler.ts';
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

  afterEach(async () => {
    await target.dispose();
  });

  it('is retaken after the lock lifetime and runs to completion', async () => {
    target = await embeddedTarget();
    const child = spawnWorker('hang', target.dataDir);
    await printed(child, 'started');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const store = await target.open();
    const scheduler = createScheduler({
      store,
      logger: silentLogger,
      lockLifetimeMs: 1_000,
      processEveryMs: 100,
      timezone: 'Europe/London',
      handlers: {
        'score-week': async () => {
          await store.db.collection(RUNS).insertOne({ job: 'score-week', mode: 'recovery', at: new Date() });
        },
      },
    });
    const recovered = finished(scheduler, 'score-week');
    await scheduler.start();
    const outcome = await recovered;
    await scheduler.drain(5_000);

    const runs = await store.db.collection(RUNS).find({}).sort({ at: 1 }).toArray();
    const state = await scheduler.state();
    await store.close();
    expect(outcome.ok).toBe(true);
    expect(runs.map((run) => [run.job, run.mode])).toEqual([
      ['score-week', 'hang'],
      ['score-week', 'recovery'],
    ]);
    // Not before the crashed lock had lapsed (the child recorded its run a moment after taking the lock).
    expect((runs[1]?.at as Date).getTime() - (runs[0]?.at as Date).getTime()).toBeGreaterThan(900);
    expect(state.lockedCount).toBe(0);
  });
});

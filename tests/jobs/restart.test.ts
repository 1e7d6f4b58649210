/**
 * A job scheduled by one process survives that process and runs exactly once: process A queues a run and
 * exits before it is due, process B runs it, process C starts later and does not run it again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedTarget, RUNS, runWorker, type StoreTarget } from './support.ts';

describe('a scheduled job across process restarts', () => {
  let target: StoreTarget & { dataDir: string };

  afterEach(async () => {
    await target.dispose();
  });

  it('runs once in the process that finds it due, and never again', async () => {
    target = await embeddedTarget();
    const due = new Date(Date.now() + 1_000);

    await runWorker('schedule', target.dataDir, due.toISOString());
    await runWorker('process', target.dataDir);
    await runWorker('probe', target.dataDir);

    const store = await target.open();
    const runs = await store.db.collection(RUNS).find({}).sort({ at: 1 }).toArray();
    await store.close();
    expect(runs.map((run) => [run.job, run.mode])).toEqual([
      ['score-week', 'process'],
      ['retention-purge', 'probe'],
    ]);
    expect((runs[0]?.at as Date).getTime()).toBeGreaterThanOrEqual(due.getTime());
  });
});

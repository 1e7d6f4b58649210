/**
 * The scheduler's lifecycle on the embedded store: a failing handler is recorded and does not stop the
 * scheduler; only configured jobs can be queued; drain waits for running jobs up to its timeout and
 * releases jobs it had locked but not started.
 */
import { ObjectId } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type JobHandlers,
  createJobScheduler,
  type JobScheduler,
  type JobSchedulerOptions,
} from '../../adapters/runtime/jobCatalogue.ts';
import type { Store } from '../../src/store/types.ts';
import { embeddedTarget, finished, TEST_SCHEDULER_SETTINGS, type StoreTarget } from './support.ts';

describe('the job scheduler', () => {
  let target: StoreTarget;
  let store: Store;
  let scheduler: JobScheduler | undefined;

  beforeEach(async () => {
    target = await embeddedTarget();
    store = await target.open();
  });

  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await store.close();
    await target.dispose();
  });

  function create(handlers: JobHandlers, overrides: Partial<JobSchedulerOptions> = {}): JobScheduler {
    scheduler = createJobScheduler({
      store,
      ...TEST_SCHEDULER_SETTINGS,
      handlers,
      ...overrides,
    });
    return scheduler;
  }

  /** A started scheduler whose score-week job signals when it starts, then waits until released. */
  async function startWithBlockingScoreWeek() {
    const started = gate();
    const release = gate();
    const jobs = create({
      'score-week': async () => {
        started.open();
        await release.opened;
      },
    });
    await jobs.start();
    return { jobs, started, release };
  }

  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  };

  it('records a failing handler’s reason and count, and keeps running other jobs', async () => {
    const jobs = create({
      'score-week': async () => {
        throw new Error('no measures for 2026-W48');
      },
      'retention-purge': async () => {},
    });
    await jobs.start();

    const failure = finished(jobs, 'score-week');
    const { id } = await jobs.now('score-week', { week: '2026-W48' });
    expect(await failure).toMatchObject({ id, ok: false, error: 'no measures for 2026-W48' });

    const stored = await store.db.collection('agendaJobs').findOne({ _id: new ObjectId(id) });
    expect(stored).toMatchObject({ failReason: 'no measures for 2026-W48', failCount: 1, lockedAt: null });
    expect(stored?.failedAt).toBeInstanceOf(Date);
    expect(await jobs.state()).toMatchObject({ running: true, failedCount: 1, lockedCount: 0 });

    const purge = finished(jobs, 'retention-purge');
    await jobs.now('retention-purge', {});
    expect((await purge).ok).toBe(true);
  });

  it('queues only configured jobs and reports the others as not configured', async () => {
    const jobs = create({ 'score-week': async () => {} });
    await expect(jobs.now('post-digests', {})).rejects.toThrow('job "post-digests" is not configured');
    expect(await jobs.state()).toMatchObject({
      running: false,
      definitions: ['score-week'],
      notConfigured: [
        'ingest-source',
        'evaluate-rules',
        'post-digests',
        'governance-summary',
        'feed-health',
        'retention-purge',
        'run-workflow-step',
      ],
    });
  });

  it('refuses to start with a cron it cannot read', async () => {
    const jobs = create(
      { 'ingest-source': async () => {} },
      { ingestSchedules: [{ sourceId: 'moodle', cron: '0 25 * * *' }] },
    );
    await expect(jobs.start()).rejects.toThrow(
      'ingest-source: cannot compute the next run of cron "0 25 * * *"',
    );
    expect(jobs.running).toBe(false);
  });

  it('keeps the lock of a long run fresh, so no other scheduler takes the job over', async () => {
    const started = gate();
    const release = gate();
    let runs = 0;
    const handlers: JobHandlers = {
      'score-week': async () => {
        runs += 1;
        started.open();
        await release.opened;
      },
    };
    const options = { lockLifetimeMs: 300, processEveryMs: 50 };
    const first = create(handlers, options);
    const other = createJobScheduler({ ...TEST_SCHEDULER_SETTINGS, ...options, store, handlers });
    await first.start();
    await other.start();
    const done = finished(first, 'score-week');
    const { id } = await first.now('score-week', {});
    await started.opened;

    // Three lock lifetimes into the run, its lock is still being renewed.
    await vi.waitFor(
      async () => {
        const job = await store.db.collection('agendaJobs').findOne({ _id: new ObjectId(id) });
        expect((job?.lockedAt as Date).getTime() - (job?.lastRunAt as Date).getTime()).toBeGreaterThan(900);
      },
      { timeout: 10_000, interval: 50 },
    );
    release.open();
    expect((await done).ok).toBe(true);
    await other.stop();
    expect(runs).toBe(1);
  });

  it('drains by waiting for a running job to finish', async () => {
    const { jobs, started, release } = await startWithBlockingScoreWeek();
    const order: string[] = [];
    jobs.onFinished(() => order.push('finished'));
    await jobs.now('score-week', {});
    await started.opened;

    const draining = jobs.drain(10_000).then((outcome) => {
      order.push('drained');
      return outcome;
    });
    release.open();
    expect(await draining).toEqual({ timedOut: false, stillRunning: 0 });
    expect(order).toEqual(['finished', 'drained']);
    expect(jobs.running).toBe(false);
  });

  it('gives up draining after its timeout and says how many jobs are still running', async () => {
    const { jobs, started, release } = await startWithBlockingScoreWeek();
    await jobs.now('score-week', {});
    await started.opened;

    expect(await jobs.drain(200)).toEqual({ timedOut: true, stillRunning: 1 });
    const done = finished(jobs, 'score-week');
    release.open();
    await done;
  });

  it('releases on drain a job it had locked ahead of its due time but not started', async () => {
    const jobs = create({ 'score-week': async () => {} }, { processEveryMs: 3_000 });
    await jobs.start();
    // Due between the second poll (which locks it, as due within one poll interval) and the third.
    await jobs.runAt(new Date(Date.now() + 4_500), 'score-week', {});
    await vi.waitFor(async () => expect((await jobs.state()).lockedCount).toBe(1), {
      timeout: 10_000,
      interval: 50,
    });
    await jobs.drain(1_000);
    expect((await jobs.state()).lockedCount).toBe(0);

    const next = create({ 'score-week': async () => {} });
    const ran = finished(next, 'score-week');
    await next.start();
    expect((await ran).ok).toBe(true);
  });
});

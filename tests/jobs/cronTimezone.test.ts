/**
 * Crons are read in the configured time zone with no drift across daylight-saving changes. The clock
 * (Date only; timers stay real) is set to chosen instants and the jobs really run, so the nextRunAt values
 * checked are the ones Agenda computes and stores when a job runs. Runs on the embedded store, and on
 * MongoDB as well when MONGODB_URI is set.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  JOB_NAMES,
  type JobName,
  createJobScheduler,
  type JobScheduler,
  type JobSchedulerOptions,
} from '../../adapters/runtime/jobCatalogue.ts';
import type { Store } from '../../src/store/types.ts';
import { embeddedTarget, finished, mongoTarget, silentLogger, type StoreTarget } from './support.ts';

const noop = async () => {};

function cronSuite(makeTarget: () => Promise<StoreTarget>) {
  let target: StoreTarget;
  let store: Store | undefined;
  let scheduler: JobScheduler | undefined;

  beforeEach(async () => {
    target = await makeTarget();
  });

  afterEach(async () => {
    await scheduler?.stop();
    await store?.close();
    scheduler = store = undefined;
    vi.useRealTimers();
    await target.dispose();
  });

  async function startAt(
    instant: string,
    options: Pick<JobSchedulerOptions, 'timezone' | 'handlers'> & Partial<JobSchedulerOptions>,
  ) {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(instant) });
    store = await target.open();
    scheduler = createJobScheduler({
      store,
      logger: silentLogger,
      lockLifetimeMs: 60_000,
      processEveryMs: 50,
      ...options,
    });
    await scheduler.start();
    return scheduler;
  }

  async function nextRunAt(name: JobName, sourceId?: string): Promise<string | null | undefined> {
    const { scheduled } = await scheduler!.state();
    return scheduled.find((run) => run.name === name && run.sourceId === sourceId)?.nextRunAt;
  }

  /** Moves the clock to `instant` and waits for the job, now due, to run. */
  async function runAt(instant: string, name: JobName): Promise<void> {
    const ran = finished(scheduler!, name);
    vi.setSystemTime(new Date(instant));
    expect((await ran).ok).toBe(true);
  }

  it('reads 0 8 * * 1 in Europe/London as 08:00 local on the Mondays either side of both clock changes', async () => {
    await startAt('2026-10-19T06:00:00Z', { timezone: 'Europe/London', handlers: { 'post-digests': noop } });
    expect(await nextRunAt('post-digests')).toBe('2026-10-19T07:00:00.000Z'); // BST

    await runAt('2026-10-19T07:00:01Z', 'post-digests');
    expect(await nextRunAt('post-digests')).toBe('2026-10-26T08:00:00.000Z'); // GMT from 25 October

    await runAt('2027-03-15T08:00:01Z', 'post-digests');
    expect(await nextRunAt('post-digests')).toBe('2027-03-22T08:00:00.000Z'); // still GMT

    await runAt('2027-03-22T08:00:01Z', 'post-digests');
    expect(await nextRunAt('post-digests')).toBe('2027-03-29T07:00:00.000Z'); // BST from 28 March
  });

  it('honours another configured time zone and digest cron', async () => {
    await startAt('2026-10-26T10:00:00Z', {
      timezone: 'America/New_York',
      digestCron: '30 7 * * 1',
      handlers: { 'post-digests': noop },
    });
    expect(await nextRunAt('post-digests')).toBe('2026-10-26T11:30:00.000Z'); // EDT

    await runAt('2026-10-26T11:30:01Z', 'post-digests');
    expect(await nextRunAt('post-digests')).toBe('2026-11-02T12:30:00.000Z'); // EST from 1 November
  });

  it('schedules the whole weekly cycle in the configured zone', async () => {
    const handlers = Object.fromEntries(Object.values(JOB_NAMES).map((name) => [name, noop]));
    await startAt('2026-10-20T12:00:00Z', {
      timezone: 'Europe/London',
      handlers,
      ingestSchedules: [{ sourceId: 'moodle', cron: '0 1 * * *' }],
    });
    expect(await nextRunAt('ingest-source', 'moodle')).toBe('2026-10-21T00:00:00.000Z');
    expect(await nextRunAt('retention-purge')).toBe('2026-10-21T01:30:00.000Z');
    expect(await nextRunAt('score-week')).toBe('2026-10-26T05:00:00.000Z');
    expect(await nextRunAt('evaluate-rules')).toBe('2026-10-26T06:00:00.000Z');
    expect(await nextRunAt('post-digests')).toBe('2026-10-26T08:00:00.000Z');
    expect(await nextRunAt('governance-summary')).toBe('2026-10-26T09:00:00.000Z');
    // Hourly at quarter past: 13:15 in London (BST) is 12:15 UTC.
    expect(await nextRunAt('feed-health')).toBe('2026-10-20T12:15:00.000Z');
  });
}

describe('cron schedules with a time zone, on the embedded store', () => {
  cronSuite(embeddedTarget);
});

const mongodbUri = process.env.MONGODB_URI;
describe.skipIf(!mongodbUri)('cron schedules with a time zone, on MongoDB', () => {
  cronSuite(() => mongoTarget(mongodbUri!));
});

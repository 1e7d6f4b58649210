/**
 * Recurring jobs across restarts: never duplicated, never moved by a restart, kept in step with the
 * configuration, and a run missed while no process was up happens once. Runs on the embedded store, and
 * on MongoDB as well when MONGODB_URI is set.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JOB_NAMES,
  type JobHandlers,
  type JobName,
  createJobScheduler,
  type JobScheduler,
  type JobSchedulerOptions,
} from '../../adapters/runtime/jobCatalogue.ts';
import type { ScheduledRun } from '../../jobs/scheduler.ts';
import type { Store } from '../../src/store/types.ts';
import {
  embeddedTarget,
  finished,
  mongoTarget,
  RUNS,
  TEST_SCHEDULER_SETTINGS,
  type StoreTarget,
} from './support.ts';

const SOURCES = [
  { sourceId: 'moodle', cron: '0 1 * * *' },
  { sourceId: 'library', cron: '15 1 * * *' },
];

interface Session {
  store: Store;
  scheduler: JobScheduler;
}

function recurringSuite(makeTarget: () => Promise<StoreTarget>) {
  let target: StoreTarget;
  const open: Session[] = [];

  beforeEach(async () => {
    target = await makeTarget();
  });

  afterEach(async () => {
    for (const session of open.splice(0)) await close(session);
    await target.dispose();
  });

  /** A process's worth of scheduler: every job configured (each recording its runs) unless overridden. */
  async function start(overrides: Partial<Omit<JobSchedulerOptions, 'store'>> = {}): Promise<Session> {
    const store = await target.open();
    const record = (name: JobName) => async () => {
      await store.db.collection(RUNS).insertOne({ job: name, at: new Date() });
    };
    const handlers: JobHandlers = Object.fromEntries(JOB_NAMES.map((name) => [name, record(name)]));
    const scheduler = createJobScheduler({
      store,
      ...TEST_SCHEDULER_SETTINGS,
      ingestSchedules: SOURCES,
      handlers,
      ...overrides,
    });
    const session = { store, scheduler };
    open.push(session);
    await scheduler.start();
    return session;
  }

  async function close(session: Session): Promise<void> {
    open.splice(open.indexOf(session), 1);
    await session.scheduler.drain(5_000);
    await session.store.close();
  }

  async function scheduledAfterRestart(overrides: Partial<Omit<JobSchedulerOptions, 'store'>> = {}) {
    const session = await start(overrides);
    const state = await session.scheduler.state();
    const stored = await session.store.db
      .collection('agendaJobs')
      .countDocuments({ repeatInterval: { $ne: null } });
    await close(session);
    return { state, stored };
  }

  const byKey = (runs: ScheduledRun[]) =>
    [...runs].sort((a, b) => `${a.name}/${a.sourceId}`.localeCompare(`${b.name}/${b.sourceId}`));

  it('are not duplicated, nor moved, by restarts', async () => {
    const first = await scheduledAfterRestart();
    const second = await scheduledAfterRestart();
    const third = await scheduledAfterRestart();

    expect(first.state.scheduled).toHaveLength(8);
    expect(first.stored).toBe(8);
    expect(byKey(second.state.scheduled)).toEqual(byKey(first.state.scheduled));
    expect(byKey(third.state.scheduled)).toEqual(byKey(first.state.scheduled));
    expect(third.stored).toBe(8);
  });

  it('lose a duplicate left by two processes starting at once', async () => {
    await scheduledAfterRestart();
    const store = await target.open();
    const jobs = store.db.collection('agendaJobs');
    const { _id: _ignored, ...digest } = (await jobs.findOne({ name: 'post-digests' }))!;
    await jobs.insertOne(digest);
    await store.close();

    const restarted = await scheduledAfterRestart();
    expect(restarted.stored).toBe(8);
    expect(restarted.state.scheduled.filter((run) => run.name === 'post-digests')).toHaveLength(1);
  });

  it('follow the configuration: a removed source, a changed digest cron; a job without a handler is not shown', async () => {
    await scheduledAfterRestart();
    const handlers: JobHandlers = Object.fromEntries(
      JOB_NAMES.filter((name) => name !== 'governance-summary').map((name) => [name, async () => {}]),
    );
    const changed = await scheduledAfterRestart({
      ingestSchedules: [{ sourceId: 'moodle', cron: '0 1 * * *' }],
      digestCron: '45 7 * * 1',
      handlers,
    });

    // The governance summary's schedule stays stored for a process that has its handler.
    expect(changed.stored).toBe(7);
    expect(changed.state.notConfigured).toEqual(['governance-summary']);
    expect(byKey(changed.state.scheduled).map((run) => [run.name, run.sourceId])).toEqual([
      ['evaluate-rules', undefined],
      ['feed-health', undefined],
      ['ingest-source', 'moodle'],
      ['post-digests', undefined],
      ['retention-purge', undefined],
      ['score-week', undefined],
    ]);
    const digest = changed.state.scheduled.find((run) => run.name === 'post-digests');
    expect(
      new Date(digest!.nextRunAt!).toLocaleString('en-GB', {
        timeZone: 'Europe/London',
        weekday: 'long',
        hour: '2-digit',
        minute: '2-digit',
      }),
    ).toBe('Monday 07:45');
  });

  it('run once, on the next start, when they fell due while no process was running', async () => {
    await scheduledAfterRestart();
    const offline = await target.open();
    const missed = new Date(Date.now() - 3_600_000);
    await offline.db
      .collection('agendaJobs')
      .updateOne({ name: 'post-digests' }, { $set: { nextRunAt: missed } });
    await offline.close();

    const catchingUp = await target.open();
    const scheduler = createJobScheduler({
      store: catchingUp,
      ...TEST_SCHEDULER_SETTINGS,
      ingestSchedules: SOURCES,
      handlers: {
        'post-digests': async () => {
          await catchingUp.db.collection(RUNS).insertOne({ job: 'post-digests', at: new Date() });
        },
      },
    });
    const caughtUp = finished(scheduler, 'post-digests');
    await scheduler.start();
    expect((await caughtUp).ok).toBe(true);
    const [rescheduled] = (await scheduler.state()).scheduled;
    expect(new Date(rescheduled!.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
    await scheduler.drain(5_000);
    await catchingUp.close();

    const later = await start();
    const probed = finished(later.scheduler, 'retention-purge');
    await later.scheduler.now('retention-purge', {});
    await probed;
    const runs = await later.store.db.collection(RUNS).find({ job: 'post-digests' }).toArray();
    expect(runs).toHaveLength(1);
  });
}

describe('recurring jobs across restarts, on the embedded store', () => {
  recurringSuite(embeddedTarget);
});

const mongodbUri = process.env.MONGODB_URI;
describe.skipIf(!mongodbUri)('recurring jobs across restarts, on MongoDB', () => {
  recurringSuite(() => mongoTarget(mongodbUri!));
});

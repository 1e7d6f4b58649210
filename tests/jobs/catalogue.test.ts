/**
 * The job catalogue on the embedded store: a run whose data does not fit its job's row fails, naming the
 * job and the fields, without its body running; the sources' schedules must name each source once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobScheduler, type JobScheduler } from '../../adapters/runtime/jobCatalogue.ts';
import type { WorkflowStepRef } from '../../src/rules/ports.ts';
import type { Store } from '../../src/store/types.ts';
import { embeddedTarget, finished, TEST_SCHEDULER_SETTINGS, type StoreTarget } from './support.ts';

describe('the job catalogue', () => {
  let target: StoreTarget;
  let store: Store;
  let scheduler: JobScheduler | undefined;
  const ran: unknown[] = [];

  beforeEach(async () => {
    target = await embeddedTarget();
    store = await target.open();
    ran.length = 0;
  });

  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await store.close();
    await target.dispose();
  });

  async function started(): Promise<JobScheduler> {
    scheduler = createJobScheduler({
      store,
      ...TEST_SCHEDULER_SETTINGS,
      handlers: {
        'ingest-source': async (data) => void ran.push(data),
        'run-workflow-step': async (data) => void ran.push(data),
      },
    });
    await scheduler.start();
    return scheduler;
  }

  it('fails a run whose data does not fit its job, naming the fields, and never runs its body', async () => {
    const jobs = await started();
    const ingest = finished(jobs, 'ingest-source');
    await jobs.now('ingest-source', { sourceId: '' });
    expect(await ingest).toMatchObject({ ok: false, error: 'ingest-source: bad job data: sourceId' });

    const step = { ruleId: 'r1', studentId: 's1', week: 'week 3', action: 0, step: -1 } as WorkflowStepRef;
    const workflow = finished(jobs, 'run-workflow-step');
    await jobs.now('run-workflow-step', { ...step });
    expect(await workflow).toMatchObject({
      ok: false,
      error: 'run-workflow-step: bad job data: week, step, startedAt',
    });
    expect(ran).toEqual([]);
  });

  it('hands a run whose data fits to its body', async () => {
    const jobs = await started();
    const ingest = finished(jobs, 'ingest-source');
    await jobs.now('ingest-source', { sourceId: 'moodle' });
    expect((await ingest).ok).toBe(true);
    expect(ran).toEqual([{ sourceId: 'moodle' }]);
  });

  it('refuses a source given two ingestion schedules', () => {
    expect(() =>
      createJobScheduler({
        store,
        ...TEST_SCHEDULER_SETTINGS,
        ingestSchedules: [
          { sourceId: 'moodle', cron: '0 1 * * *' },
          { sourceId: 'moodle', cron: '0 2 * * *' },
        ],
        handlers: {},
      }),
    ).toThrow('source "moodle" has more than one ingestion schedule');
  });
});

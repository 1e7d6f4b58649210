/**
 * One scheduler process for the restart and crash tests, on the embedded store in <dataDir>:
 *   node --import tsx tests/jobs/worker.ts <mode> <dataDir> [<ISO instant>]
 * Handlers record each run in the `jobRuns` collection. Modes:
 *   schedule — queue one score-week run at the given instant and exit without processing;
 *   process  — process jobs until score-week has run once, then drain and exit;
 *   probe    — process jobs until a retention-purge queued now has run, then drain and exit;
 *   hang     — start a score-week run whose handler never returns; print "started" when it begins;
 *   hang-digest — the same with a run of the recurring post-digests job, made due at once.
 */
import { openStore } from '../../adapters/store/openStore.ts';
import { createScheduler, type Scheduler } from '../../jobs/scheduler.ts';
import type { Store } from '../../src/store/types.ts';
import { finished, RUNS, silentLogger, TEST_SCHEDULER_SETTINGS } from './support.ts';

const [mode, dataDir, at] = process.argv.slice(2);
if (!mode || !dataDir) throw new Error('usage: worker.ts <mode> <dataDir> [<ISO instant>]');

const store = await openStore({ dataDir, logger: silentLogger });
const record = (job: string) =>
  store.db.collection(RUNS).insertOne({ job, mode, pid: process.pid, at: new Date() });
const hang = async (job: string) => {
  await record(job);
  if (!mode.startsWith('hang')) return;
  process.stdout.write('started\n');
  await new Promise(() => {});
};

const scheduler = createScheduler({
  store,
  ...TEST_SCHEDULER_SETTINGS,
  handlers: {
    'score-week': () => hang('score-week'),
    'post-digests': () => hang('post-digests'),
    'retention-purge': async () => {
      await record('retention-purge');
    },
  },
});

switch (mode) {
  case 'schedule':
    await scheduler.runAt(new Date(at ?? Date.now()), 'score-week', { week: '2026-W48' });
    await finish(store);
    break;
  case 'process': {
    const ran = finished(scheduler, 'score-week');
    await scheduler.start();
    await ran;
    await finish(store, scheduler);
    break;
  }
  case 'probe': {
    const ran = finished(scheduler, 'retention-purge');
    await scheduler.start();
    await scheduler.now('retention-purge', {});
    await ran;
    await finish(store, scheduler);
    break;
  }
  case 'hang':
    await scheduler.start();
    await scheduler.now('score-week', {});
    break;
  case 'hang-digest':
    await scheduler.start();
    await store.db
      .collection('agendaJobs')
      .updateOne({ name: 'post-digests' }, { $set: { nextRunAt: new Date() } });
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}

async function finish(opened: Store, running?: Scheduler): Promise<void> {
  await running?.drain(5_000);
  await opened.close();
  process.exit(0);
}

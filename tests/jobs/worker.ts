/**
 * One scheduler process for the restart, crash and shared-store tests, on the embedded store in <dataDir>,
 * or on MongoDB when that argument is a mongodb:// URI:
 *   node --import tsx tests/jobs/worker.ts <mode> <dataDir | MongoDB URI> [<ISO instant>]
 * Handlers record each run in the `jobRuns` collection. Modes:
 *   schedule — queue one score-week run at the given instant and exit without processing;
 *   process  — process jobs until score-week has run once, then drain and exit;
 *   probe    — process jobs until a retention-purge queued now has run, then drain and exit;
 *   hang     — start a score-week run whose handler never returns; print "started" when it begins;
 *   hang-digest — the same with a run of the recurring post-digests job, made due at once;
 *   slots — run post-digests every 2 s (lock lifetime SLOT_LOCK_LIFETIME_MS), recording each completed run with the
 *           nextRunAt Agenda stored when the run began (the slot's identity); print "ready" once started;
 *   slots-hang — the same, but the first run records "started", prints it and never returns.
 */
import { tmpdir } from 'node:os';
import { openStore } from '../../adapters/store/openStore.ts';
import { createJobScheduler, type JobScheduler } from '../../adapters/runtime/jobCatalogue.ts';
import type { Store } from '../../src/store/types.ts';
import { finished, RUNS, silentLogger, SLOT_LOCK_LIFETIME_MS, TEST_SCHEDULER_SETTINGS } from './support.ts';

const [mode, dataDir, at] = process.argv.slice(2);
if (!mode || !dataDir) throw new Error('usage: worker.ts <mode> <dataDir> [<ISO instant>]');

const store = dataDir.startsWith('mongodb')
  ? await openStore({ mongodbUri: dataDir, dataDir: tmpdir(), logger: silentLogger })
  : await openStore({ dataDir, logger: silentLogger });
const slots = mode.startsWith('slots');
/** A post-digests run in the slots modes: records its slot when it completes (or hangs, in slots-hang). */
const slotRun = async () => {
  const job = await store.db.collection('agendaJobs').findOne({ name: 'post-digests' });
  if (mode === 'slots-hang') return hang('post-digests');
  await store.db
    .collection(RUNS)
    .insertOne({ job: 'post-digests', mode, pid: process.pid, next: job?.nextRunAt, at: new Date() });
};
const record = (job: string) =>
  store.db.collection(RUNS).insertOne({ job, mode, pid: process.pid, at: new Date() });
const hang = async (job: string) => {
  await record(job);
  if (!mode.includes('hang')) return;
  process.stdout.write('started\n');
  await new Promise(() => {});
};

const scheduler = createJobScheduler({
  store,
  ...TEST_SCHEDULER_SETTINGS,
  ...(slots ? { lockLifetimeMs: SLOT_LOCK_LIFETIME_MS, digestCron: '*/2 * * * * *' } : {}),
  handlers: {
    'score-week': () => hang('score-week'),
    'post-digests': () => (slots ? slotRun() : hang('post-digests')),
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
  case 'slots':
  case 'slots-hang':
    await scheduler.start();
    process.stdout.write('ready\n');
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}

async function finish(opened: Store, running?: JobScheduler): Promise<void> {
  await running?.drain(5_000);
  await opened.close();
  process.exit(0);
}

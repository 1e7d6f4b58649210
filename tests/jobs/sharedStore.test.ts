/**
 * Two scheduler processes on one MongoDB store behave as one (only when MONGODB_URI is set): a recurring
 * job (post-digests, every 2 s here) completes once per slot whichever process runs it, and when one
 * process is killed with SIGKILL mid-run the other retakes the job once the lock lifetime (3 s) has passed.
 * A slot is identified by the nextRunAt Agenda stored as the run began. Runs on FerretDB in CI, whose
 * non-atomic findAndModify is what jobs/lockClaims.ts guards against.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Document } from '../../src/store/types.ts';
import {
  mongoTarget,
  printed,
  RUNS,
  SLOT_LOCK_LIFETIME_MS,
  spawnWorker,
  type StoreTarget,
} from './support.ts';

const mongodbUri = process.env.MONGODB_URI;
const SLOT_MS = 2_000;

describe.skipIf(!mongodbUri)('two scheduler processes sharing a MongoDB store', () => {
  let target: StoreTarget & { uri: string };
  const children: ChildProcessWithoutNullStreams[] = [];

  beforeEach(async () => {
    target = await mongoTarget(mongodbUri!);
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map(kill9));
    await target.dispose();
  });

  function spawn(mode: string): ChildProcessWithoutNullStreams {
    const child = spawnWorker(mode, target.uri);
    children.push(child);
    return child;
  }

  async function kill9(child: ChildProcessWithoutNullStreams): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Waits until `count` runs have completed, then reads every run recorded. */
  async function completedRuns(count: number): Promise<Document[]> {
    const store = await target.open();
    try {
      const runs = store.db.collection(RUNS);
      await vi.waitFor(
        async () => expect(await runs.countDocuments({ mode: 'slots' })).toBeGreaterThanOrEqual(count),
        {
          timeout: 40_000,
          interval: 100,
        },
      );
      return await runs.find({}).sort({ at: 1 }).toArray();
    } finally {
      await store.close();
    }
  }

  const slotOf = (run: Document) => (run.next as Date).getTime();

  it('complete each slot of a recurring job once', async () => {
    // One after the other: two first starts at the same instant may both write the schedule (see README).
    await printed(spawn('slots'), 'ready');
    await printed(spawn('slots'), 'ready');
    const runs = await completedRuns(6);
    await Promise.all(children.map(kill9));

    const slots = runs.filter((run) => run.mode === 'slots').map(slotOf);
    expect(new Set(slots).size).toBe(slots.length);
    for (const slot of slots) expect(slot % SLOT_MS).toBe(0);
  });

  it('retake a run whose process was killed mid-run after the lock lifetime, and keep one run per slot', async () => {
    const crashing = spawn('slots-hang');
    await printed(crashing, 'started');
    await printed(spawn('slots'), 'ready');
    await kill9(crashing);
    const runs = await completedRuns(3);

    const [interrupted, ...rest] = runs;
    expect(interrupted).toMatchObject({ mode: 'slots-hang', pid: crashing.pid });
    expect(rest.every((run) => run.mode === 'slots')).toBe(true);
    // Not before the killed process's lock had lapsed (it recorded its run a moment after locking).
    expect((rest[0]?.at as Date).getTime() - (interrupted?.at as Date).getTime()).toBeGreaterThan(
      SLOT_LOCK_LIFETIME_MS - 100,
    );
    const slots = rest.map(slotOf);
    expect(new Set(slots).size).toBe(slots.length);
  });
});

/**
 * The weekly cycle's rule jobs: score-week then evaluate-rules, run twice, fire nothing new the second
 * time; notifications queued while no chat notifier was wired are delivered by the next evaluate-rules
 * run once one is, and a failed post stays in the outbox with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleJobHandlers } from '../../adapters/runtime/ruleJobs.ts';
import { ingestAndScoreHandlers } from '../../adapters/runtime/ingestAndScoreJobs.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { addRule } from '../../src/rules/admin.ts';
import type { TutorNotification } from '../../src/rules/ports.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';

const logger = createLogger({ level: 'silent' });

describe('the evaluate-rules job', () => {
  let seeded: SeededStore;
  beforeAll(async () => {
    seeded = await openSeededStore({ students: 200, weeks: 5, startWeek: '2026-W10', seed: 21 });
    const termWeeks = seeded.institution.calendar.filter((w) => w.kind !== 'holiday').map((w) => w.week);
    for (const week of termWeeks.slice(0, -1)) await scoreAndStoreWeek(seeded.repos, week);
    await addRule(
      seeded.repos,
      {
        id: 'below-450',
        name: 'Below 450',
        trigger: { kind: 'below', threshold: 450 },
        actions: [{ kind: 'notify-tutor' }],
      },
      { at: new Date('2026-03-01T00:00:00Z'), by: 'admin-1', why: 'job test' },
    );
  });
  afterAll(async () => seeded.close());

  it('runs the weekly cycle twice: the second run fires and queues nothing new', async () => {
    const cycle = {
      ...ingestAndScoreHandlers(seeded.repos, logger),
      ...ruleJobHandlers(seeded.repos, logger, { ports: {} }),
    };
    await cycle['score-week']!({});
    await cycle['evaluate-rules']!({});
    const firings = await seeded.repos.ruleState.countFirings();
    const queued = (await seeded.repos.notifications.pending()).length;
    expect(firings).toBeGreaterThan(0);
    expect(queued).toBe(firings);

    await cycle['score-week']!({});
    await cycle['evaluate-rules']!({});
    expect(await seeded.repos.ruleState.countFirings()).toBe(firings);
    expect((await seeded.repos.notifications.pending()).length).toBe(queued);
  });

  it('delivers what waited in the outbox once a notifier is wired, keeping failures with their reason', async () => {
    const pending = await seeded.repos.notifications.pending();
    const refused = pending[0]!.id;
    const delivered: TutorNotification[] = [];
    const notifier = {
      async notify(notification: TutorNotification) {
        if (notification.id === refused) throw new Error('channel not linked');
        delivered.push(notification);
      },
    };
    await ruleJobHandlers(seeded.repos, logger, { ports: { notifier } })['evaluate-rules']!({});
    expect(delivered.map((n) => n.id).sort()).toEqual(
      pending
        .slice(1)
        .map((n) => n.id)
        .sort(),
    );
    const left = await seeded.repos.notifications.pending();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id: refused, lastError: 'channel not linked', attempts: 1 });
  });
});

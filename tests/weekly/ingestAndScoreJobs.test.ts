import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestAndScoreHandlers } from '../../adapters/runtime/ingestAndScoreJobs.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { latestEndedTermWeek } from '../../src/weekly/latestWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';

describe('the score-week job', () => {
  let seeded: SeededStore;
  beforeEach(async () => {
    seeded = await openSeededStore({ students: 120, weeks: 5, startWeek: '2026-W10' });
  });
  afterEach(async () => seeded.close());

  it('picks the last term week that has ended, not the current or a future one', async () => {
    expect(await latestEndedTermWeek(seeded.repos, new Date('2026-03-04T08:00:00Z'))).toBeUndefined();
    expect(await latestEndedTermWeek(seeded.repos, new Date('2026-03-16T05:00:00Z'))).toBe('2026-W11');
  });

  it('scores the last ended term week and stores its scores', async () => {
    const handlers = ingestAndScoreHandlers(seeded.repos, createLogger({ level: 'silent' }));
    await handlers['score-week']!({});
    const scoredWeeks = await seeded.repos.scores.scoredWeeks();
    expect(scoredWeeks).toEqual([
      seeded.institution.calendar.filter((w) => w.kind !== 'holiday').at(-1)!.week,
    ]);
    expect((await seeded.repos.scores.scoresForWeek(scoredWeeks[0]!)).length).toBeGreaterThan(100);
  });
});

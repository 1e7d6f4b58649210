import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTermWeek } from '../../src/domain/model.ts';
import type { IsoWeek } from '../../src/domain/isoWeek.ts';
import { sourceStatus } from '../../src/ingest/sourceAdmin.ts';
import { SOURCE_IDS } from '../../src/synthetic/index.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';

const sorted = <T extends { studentId: string }>(rows: T[]) =>
  [...rows].sort((a, b) => a.studentId.localeCompare(b.studentId));

describe('the weekly scoring run, stored', () => {
  let seeded: SeededStore;
  let termWeeks: IsoWeek[];

  beforeEach(async () => {
    seeded = await openSeededStore({ students: 240, weeks: 6 });
    termWeeks = seeded.institution.calendar.filter(isTermWeek).map((entry) => entry.week);
  });
  afterEach(async () => seeded.close());

  it('stores a score for every active student with data, leaves excluded statuses out, and records peer groups', async () => {
    const summary = await scoreAndStoreWeek(seeded.repos, termWeeks[0]!);
    const scores = await seeded.repos.scores.scoresForWeek(termWeeks[0]!);
    const excluded = seeded.institution.students.filter((s) => s.status !== 'active').map((s) => s.id);
    expect(summary.scored).toBe(scores.length);
    expect(summary.scored + summary.excludedStatus + summary.noData).toBe(240);
    expect(scores.some((score) => excluded.includes(score.studentId))).toBe(false);
    for (const score of scores) {
      expect(score.score).toBeGreaterThanOrEqual(0);
      expect(score.score).toBeLessThanOrEqual(1000);
      expect(score.configVersion).toBe(0);
    }
    const groups = await seeded.repos.scores.peerGroupsForWeek(termWeeks[0]!);
    expect(groups.reduce((sum, group) => sum + group.scored, 0)).toBe(scores.length);
  });

  it('re-running a week replaces its scores with the same values, never duplicating them', async () => {
    await scoreAndStoreWeek(seeded.repos, termWeeks[0]!);
    const first = await seeded.repos.scores.scoresForWeek(termWeeks[0]!);
    await scoreAndStoreWeek(seeded.repos, termWeeks[0]!);
    const second = await seeded.repos.scores.scoresForWeek(termWeeks[0]!);
    expect(second).toHaveLength(first.length);
    expect(sorted(second)).toEqual(sorted(first));
  });

  it('treats a VLE feed that delivered zeros for everyone as a data gap, and the sources report says so', async () => {
    for (const week of termWeeks.slice(0, 3)) await scoreAndStoreWeek(seeded.repos, week);
    const dead = termWeeks[3]!;
    // The feed ran but counted nothing: a zero for every student in the dead week.
    const vle = (await seeded.repos.measures.measuresForWeek(dead)).filter(
      (m) => m.sourceId === SOURCE_IDS.moodle,
    );
    await seeded.repos.measures.saveMeasures(vle.map((measure) => ({ ...measure, count: 0 })));
    const summary = await scoreAndStoreWeek(seeded.repos, dead);
    expect(summary.dataGaps).toEqual([SOURCE_IDS.moodle]);
    const scores = await seeded.repos.scores.scoresForWeek(dead);
    expect(scores.length).toBeGreaterThan(0);
    for (const score of scores) expect(score.sourcesMissing).toContain(SOURCE_IDS.moodle);
    const [status] = await sourceStatus(seeded.repos, new Date(), SOURCE_IDS.moodle);
    expect(status?.dataGaps).toEqual([dead]);
  });

  it('does not score a week outside the term calendar', async () => {
    const summary = await scoreAndStoreWeek(seeded.repos, '2030-W01');
    expect(summary.scoredWeek).toBe(false);
    expect(await seeded.repos.scores.scoresForWeek('2030-W01')).toEqual([]);
  });

  it('disabling a source changes later weeks only: stored past scores stay, and re-scoring a past week reproduces them', async () => {
    for (const week of termWeeks.slice(0, 3)) await scoreAndStoreWeek(seeded.repos, week);
    const before = sorted(await seeded.repos.scores.scoresForWeek(termWeeks[1]!));

    const library = (await seeded.repos.sources.listSources()).find(
      (source) => source.category === 'library',
    )!;
    await seeded.repos.sources.saveSources([{ ...library, enabled: false, disabledFromWeek: termWeeks[3]! }]);
    const later = await scoreAndStoreWeek(seeded.repos, termWeeks[3]!);
    expect(later.scored).toBeGreaterThan(0);
    const laterScores = await seeded.repos.scores.scoresForWeek(termWeeks[3]!);
    expect(laterScores.every((score) => !score.sourcesUsed.includes(library.id))).toBe(true);

    expect(sorted(await seeded.repos.scores.scoresForWeek(termWeeks[1]!))).toEqual(before);
    await scoreAndStoreWeek(seeded.repos, termWeeks[1]!);
    expect(sorted(await seeded.repos.scores.scoresForWeek(termWeeks[1]!))).toEqual(before);
  });

  it('a configuration change is recorded with who, when, what and why, and applies from the next run', async () => {
    await scoreAndStoreWeek(seeded.repos, termWeeks[0]!);
    const change = await seeded.repos.scoringConfig.change(
      { scale: 150 },
      {
        by: 'admin@example.ac.uk',
        why: 'spread the scale for a pilot',
        at: new Date('2026-10-05T09:00:00Z'),
      },
    );
    expect(change.changes).toEqual([{ field: 'scale', before: 100, after: 150 }]);
    expect(await seeded.repos.scoringConfig.history()).toMatchObject([
      { by: 'admin@example.ac.uk', why: 'spread the scale for a pilot', version: 1 },
    ]);

    const rerun = await scoreAndStoreWeek(seeded.repos, termWeeks[0]!);
    expect(rerun.configVersion).toBe(0);
    const next = await scoreAndStoreWeek(seeded.repos, termWeeks[1]!);
    expect(next.configVersion).toBe(1);
    const spread = (await seeded.repos.scores.scoresForWeek(termWeeks[1]!)).map((score) =>
      Math.abs(score.score - 500),
    );
    const unclampedZ = (await seeded.repos.scores.scoresForWeek(termWeeks[1]!)).find(
      (s) => Math.abs(s.z) > 0.5 && Math.abs(s.z) < 3,
    )!;
    expect(unclampedZ.score).toBe(Math.round(500 + 150 * unclampedZ.z));
    expect(Math.max(...spread)).toBeGreaterThan(0);
  });

  it('refuses a configuration change without a reason or with an invalid value', async () => {
    const meta = { by: 'admin', at: new Date() };
    await expect(seeded.repos.scoringConfig.change({ scale: 120 }, { ...meta, why: ' ' })).rejects.toThrow(
      /reason/,
    );
    await expect(
      seeded.repos.scoringConfig.change({ scale: -1 }, { ...meta, why: 'test' }),
    ).rejects.toThrow();
    expect(await seeded.repos.scoringConfig.history()).toEqual([]);
  });
});

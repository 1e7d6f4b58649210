// The measures repository on the real embedded store: what is saved reads back exactly (also after the
// store is reopened from its journal and snapshot), later deliveries set values without losing others —
// even when two writers touch the same shard at once — and the column-packed read scores like the objects.
import { describe, expect, it } from 'vitest';
import { openEmbeddedStore, type EmbeddedStore } from '../../adapters/store/embedded/index.ts';
import type { WeeklyMeasure } from '../../src/domain/model.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { DEFAULT_SCORING_CONFIG } from '../../src/scoring/config.ts';
import { scoreWeek } from '../../src/scoring/scoreWeek.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { measuresForWeek, planInstitution } from '../../src/synthetic/index.ts';
import { attendance, count } from '../scoring/fixtures.ts';
import { withTempDir } from '../helpers/tempDir.ts';

const W1 = '2026-W40';
const W2 = '2026-W41';

async function open(dir: string): Promise<{ store: EmbeddedStore; repos: Repositories }> {
  const store = await openEmbeddedStore({ dataDir: dir });
  await ensureCollections(store.db);
  return { store, repos: repositories(store.db) };
}

const byKey = (rows: WeeklyMeasure[]) =>
  [...rows].sort((a, b) =>
    `${a.week} ${a.studentId} ${a.sourceId}`.localeCompare(`${b.week} ${b.studentId} ${b.sourceId}`),
  );

/** 200 students (so every shard is used) with a VLE count, a library count for some and attendance. */
function deliveries(week: string): WeeklyMeasure[] {
  const rows: WeeklyMeasure[] = [];
  for (let i = 0; i < 200; i++) {
    const id = `S${String(i).padStart(5, '0')}`;
    rows.push(count(id, 'vle', (i * 7) % 31, week));
    if (i % 3 === 0) rows.push(count(id, 'library', i % 5, week));
    rows.push(attendance(id, 'attendance', i % 5, i % 7 === 0 ? 0 : 4, week));
  }
  return rows;
}

describe('the measures repository', () => {
  it('reads back exactly what was saved, by week, week range and student, also after reopening', async () => {
    await withTempDir(async (dir) => {
      const saved = [...deliveries(W1), ...deliveries(W2)];
      let { store, repos } = await open(dir);
      await repos.measures.saveMeasures(saved);
      const check = async () => {
        expect(byKey(await repos.measures.measuresForWeek(W1))).toEqual(byKey(deliveries(W1)));
        expect(byKey(await repos.measures.measuresBetween(W1, W2))).toEqual(byKey(saved));
        expect(await repos.measures.measuresForStudent('S00003')).toEqual([
          attendance('S00003', 'attendance', 3, 4, W1),
          count('S00003', 'library', 3, W1),
          count('S00003', 'vle', 21, W1),
          attendance('S00003', 'attendance', 3, 4, W2),
          count('S00003', 'library', 3, W2),
          count('S00003', 'vle', 21, W2),
        ]);
        expect(await repos.measures.measuresForStudent('nobody')).toEqual([]);
      };
      await check();
      await store.close();
      ({ store, repos } = await open(dir));
      await check();
      await store.close();
    });
  });

  it('sets delivered values over earlier ones, keeping the other sources, and never duplicates', async () => {
    await withTempDir(async (dir) => {
      const { store, repos } = await open(dir);
      await repos.measures.saveMeasures([count('S1', 'vle', 5, W1), count('S1', 'library', 2, W1)]);
      await repos.measures.saveMeasures([count('S1', 'vle', 9, W1), count('S2', 'vle', 1, W1)]);
      expect(byKey(await repos.measures.measuresForWeek(W1))).toEqual([
        count('S1', 'library', 2, W1),
        count('S1', 'vle', 9, W1),
        count('S2', 'vle', 1, W1),
      ]);
      await store.close();
    });
  });

  it('keeps both of two deliveries written at the same time to the same students', async () => {
    await withTempDir(async (dir) => {
      const { store, repos } = await open(dir);
      const vle = deliveries(W1).filter((row) => row.sourceId === 'vle');
      const rest = deliveries(W1).filter((row) => row.sourceId !== 'vle');
      await Promise.all([repos.measures.saveMeasures(vle), repos.measures.saveMeasures(rest)]);
      expect(byKey(await repos.measures.measuresForWeek(W1))).toEqual(byKey(deliveries(W1)));
      await store.close();
    });
  });

  it('gives scoring the same week column-packed as it gives it measure by measure', async () => {
    await withTempDir(async (dir) => {
      const { store, repos } = await open(dir);
      const institution = planInstitution({ students: 300, weeks: 3, seed: 5 });
      const week = institution.calendar[1]!.week;
      await repos.measures.saveMeasures(measuresForWeek(institution, week));
      const input = { week, students: institution.students, sources: institution.sources };
      const fromObjects = scoreWeek({
        ...input,
        measures: await repos.measures.measuresForWeek(week),
        config: DEFAULT_SCORING_CONFIG,
      });
      const fromColumns = scoreWeek({
        ...input,
        measures: [],
        measureColumns: await repos.measures.columnsForWeek(week),
        config: DEFAULT_SCORING_CONFIG,
      });
      expect(fromObjects.scores.length).toBeGreaterThan(200);
      const sorted = (scores: typeof fromObjects.scores) =>
        [...scores].sort((a, b) => a.studentId.localeCompare(b.studentId));
      expect(sorted(fromColumns.scores)).toEqual(sorted(fromObjects.scores));
      await store.close();
    });
  });
});

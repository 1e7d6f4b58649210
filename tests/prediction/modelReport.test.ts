import { describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { addWeeks } from '../../src/domain/isoWeek.ts';
import type { CalendarWeek, Source, Student, WeeklyMeasure } from '../../src/domain/model.ts';
import { modelReport } from '../../src/prediction/modelReport.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { runCli } from '../../adapters/cli/main.ts';
import { captureOutput } from '../helpers/captureOutput.ts';
import { withTempDir } from '../helpers/tempDir.ts';

/** Deterministic uniform [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WEEKS_PER_TERM = 8;
const STUDENTS_PER_TERM = 120;
const SOURCES: Source[] = ['vle', 'library'].map((id) => ({
  id,
  name: id,
  kind: id === 'vle' ? 'vle' : 'library',
  category: id === 'vle' ? 'vle' : 'library',
  enabled: true,
  enabledFromWeek: '2020-W01',
  privacyNoticeCovers: true,
  dpiaReference: null,
}));

/**
 * Two terms of 120 students each; a third of them (the "bad" ones) fade from week 3 and, for some, withdraw
 * in week 6. Everyone else keeps a steady, noisy activity. A planted signal the model should find.
 */
async function seed(repos: Repositories): Promise<void> {
  const rand = random(17);
  const terms = [
    { label: 'T1', first: '2025-W40' },
    { label: 'T2', first: '2026-W40' },
  ];
  const students: Student[] = [];
  const calendar: CalendarWeek[] = [];
  const measures: WeeklyMeasure[] = [];
  const outcomes = [];
  for (const term of terms) {
    const weeks = Array.from({ length: WEEKS_PER_TERM }, (_, i) => addWeeks(term.first, i));
    calendar.push(...weeks.map((week) => ({ week, kind: 'teaching' as const, term: term.label })));
    for (let s = 0; s < STUDENTS_PER_TERM; s++) {
      const id = `${term.label}-s${s}`;
      const bad = rand() < 0.33;
      const withdraws = bad && rand() < 0.4;
      students.push({
        id,
        name: `Student ${id}`,
        email: `${id}@example.ac.uk`,
        programmeId: 'P1',
        facultyId: 'F1',
        yearOfStudy: 1,
        cohort: term.label,
        entryBand: 'A',
        studyMode: 'full-time',
        status: 'active',
        tutorId: 'T1',
      });
      const base = 5 + rand() * 10;
      weeks.forEach((week, k) => {
        const fade = bad && k >= 2 ? 0.35 ** (k - 1) : 1;
        for (const source of SOURCES) {
          const mean = base * fade * (source.id === 'vle' ? 3 : 1) * (0.6 + rand() * 0.8);
          measures.push({ studentId: id, sourceId: source.id, week, count: Math.round(mean) });
        }
      });
      outcomes.push({
        studentId: id,
        term: term.label,
        finalResult: withdraws ? 'Withdrawn' : bad ? 'Fail' : 'Pass',
        unregisteredWeek: withdraws ? (weeks[5] as string) : null,
        details: {},
      });
    }
  }
  await repos.institution.saveStudents(students);
  await repos.sources.saveSources(SOURCES);
  await repos.institution.saveCalendar(calendar);
  await repos.measures.saveMeasures(measures);
  await repos.outcomes.saveOutcomes(outcomes);
  for (const entry of calendar) await scoreAndStoreWeek(repos, entry.week);
}

describe('engage model report, end to end on a small generated store', () => {
  it('trains on the earlier term and ranks the later term well above chance', async () => {
    await withTempDir(async (dir) => {
      const store = await openEmbeddedStore({ dataDir: dir });
      try {
        await ensureCollections(store.db);
        const repos = repositories(store.db);
        await seed(repos);
        const report = await modelReport(repos, { weeks: [4, 6, 8], trainingWeeks: [3, 4, 5, 6, 7, 8] });
        expect(report.trainingTerm).toBe('T1');
        expect(report.testTerm).toBe('T2');
        expect(report.featureNames).toContain('level_log1p:vle');
        expect(report.weeks.map((week) => week.termWeek)).toEqual([4, 6, 8]);
        for (const week of report.weeks) {
          expect(week.count).toBeGreaterThan(0);
          expect(week.auc).not.toBeNull();
          expect(week.auc as number).toBeGreaterThan(0.75);
          expect(week.brier as number).toBeLessThan(0.25);
          expect(week.calibration).toHaveLength(10);
          expect(week.calibration.reduce((sum, bin) => sum + bin.count, 0)).toBe(week.count);
        }
        // Week 8: the students who withdrew in week 6 are no longer registered.
        expect((report.weeks[2] as { count: number }).count).toBeLessThan(STUDENTS_PER_TERM);
        expect(report.operatingThreshold).toBeGreaterThan(0);
        expect(report.operatingThreshold).toBeLessThan(1);
      } finally {
        await store.close();
      }
      // The command prints the same report, as text and as JSON.
      const text = captureOutput();
      expect(await runCli(['model', 'report', '--weeks', '4,8', '--data-dir', dir], text, {})).toBe(0);
      expect(text.text()).toContain('Trained on T1');
      expect(text.text()).toContain('Reported on T2');
      expect(text.text()).toMatch(/ROC AUC/);
      expect(text.text()).toContain('Calibration, term week 8');
      const json = captureOutput();
      expect(await runCli(['model', 'report', '--json', '--data-dir', dir], json, {})).toBe(0);
      const parsed = JSON.parse(json.text()) as { weeks: { termWeek: number }[] };
      expect(parsed.weeks.map((week) => week.termWeek)).toEqual([4, 6, 8]);
      const wrong = captureOutput();
      expect(await runCli(['model', 'retrain', '--data-dir', dir], wrong, {})).toBe(2);
    });
  });

  it('refuses a store with fewer than two terms with outcomes', async () => {
    await withTempDir(async (dir) => {
      const store = await openEmbeddedStore({ dataDir: dir });
      try {
        await ensureCollections(store.db);
        await expect(modelReport(repositories(store.db))).rejects.toThrow(/two terms/);
      } finally {
        await store.close();
      }
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { runCli } from '../../adapters/cli/main.ts';
import type { ImportReport } from '../../adapters/cli/render/importSummary.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { isoWeekOf, type IsoWeek } from '../../src/domain/isoWeek.ts';
import type { WeeklyMeasure } from '../../src/domain/model.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import type { ViewSection } from '../../src/weekly/mondayView.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OULAD_AAA = join(REPO_ROOT, '..', 'shared', 'data', 'oulad-aaa');
const OULAD_MINI = join(REPO_ROOT, 'tests', 'fixtures', 'oulad-mini');
const DAY_MS = 86_400_000;

async function run(dataDir: string, args: string[]) {
  const out = captureOutput();
  const code = await runCli([...args, '--data-dir', dataDir], out, {});
  return { code, out };
}

async function inStore<T>(dataDir: string, read: (repos: Repositories) => Promise<T>): Promise<T> {
  const store = await openEmbeddedStore({ dataDir });
  try {
    return await read(repositories(store.db));
  } finally {
    await store.close();
  }
}

/** The raw rows of a gzip CSV file with no quoting (as OULAD's are), split by hand: no Engage code involved. */
async function rawRows(file: string): Promise<string[][]> {
  const text = gunzipSync(await readFile(join(OULAD_AAA, file))).toString('utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(','));
}

/** The ISO week of OULAD module week n of a presentation starting on the given Monday. */
const weekOf = (start: [number, number, number], moduleWeek: number): IsoWeek =>
  isoWeekOf(new Date(Date.UTC(...start) + moduleWeek * 7 * DAY_MS));

const vleCounts = (measures: WeeklyMeasure[]) =>
  new Map(measures.filter((m) => m.sourceId === 'oulad-vle').map((m) => [m.week, m.count]));

describe('engage import oulad on module AAA', () => {
  let dataDir: string;
  let report: ImportReport;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'engage-oulad-'));
    const { code, out } = await run(dataDir, ['import', 'oulad', OULAD_AAA, '--json']);
    expect(out.stderr).toEqual([]);
    expect(code).toBe(0);
    report = out.parsedJson() as ImportReport;
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('imports one student per registration in the files, and scores every term week', async () => {
    const registrations = await rawRows('studentInfo.csv.gz');
    expect(registrations).toHaveLength(748);
    expect(report).toMatchObject({
      modules: ['AAA'],
      presentations: ['AAA-2013J', 'AAA-2014J'],
      dayZero: { '2013J': '2013-10-07', '2014J': '2014-10-06' },
    });
    expect(report.students).toBe(748);
    expect(report.skipped.total).toBe(0);
    expect(report.termWeeks).toHaveLength(39 + 39);
    expect(report.weeksScored).toBe(report.termWeeks.length);
    await inStore(dataDir, async (repos) => {
      expect(await repos.institution.countStudents()).toBe(748);
      expect(await repos.institution.countStudents({ cohort: '2013J' })).toBe(
        registrations.filter((row) => row[1] === '2013J').length,
      );
      expect(await repos.meta.origin()).toMatchObject({
        kind: 'oulad',
        details: { modules: ['AAA'], presentations: ['AAA-2013J', 'AAA-2014J'] },
      });
      expect(await repos.scores.scoredWeeks()).toEqual(report.termWeeks);
    });
  });

  it("stores each enrolled week's VLE clicks as the sum of the student's daily clicks, and 0 for a week without", async () => {
    const vle = await rawRows('studentVle.csv.gz');
    const chosen = [
      { id: '28400', presentation: '2013J', start: [2013, 9, 7] as [number, number, number], lastWeek: 38 },
      { id: '30268', presentation: '2013J', start: [2013, 9, 7] as [number, number, number], lastWeek: 1 },
      { id: '6516', presentation: '2014J', start: [2014, 9, 6] as [number, number, number], lastWeek: 38 },
    ];
    await inStore(dataDir, async (repos) => {
      for (const student of chosen) {
        const expected = new Map<IsoWeek, number>();
        for (let n = 0; n <= student.lastWeek; n++) expected.set(weekOf(student.start, n), 0);
        for (const [, presentation, id, , date, clicks] of vle) {
          const week = weekOf(student.start, Math.floor(Number(date) / 7));
          if (id === student.id && presentation === student.presentation && expected.has(week)) {
            expected.set(week, (expected.get(week) ?? 0) + Number(clicks));
          }
        }
        const stored = vleCounts(
          await repos.measures.measuresForStudent(`OU-${student.id}-AAA-${student.presentation}`),
        );
        expect(stored).toEqual(expected);
        if (student.lastWeek === 38) expect([...stored.values()]).toContain(0);
      }
    });
  });

  it('keeps outcomes, and no measure after a student unregistered', async () => {
    const unregistered = (await rawRows('studentRegistration.csv.gz')).filter((row) => row[4]?.trim());
    expect(unregistered.length).toBeGreaterThan(0);
    await inStore(dataDir, async (repos) => {
      expect(await repos.outcomes.outcomeFor('OU-30268-AAA-2013J')).toMatchObject({
        finalResult: 'Withdrawn',
        unregisteredWeek: weekOf([2013, 9, 7], 1),
      });
      for (const [, presentation, id, , day] of unregistered.slice(0, 20)) {
        const start: [number, number, number] = presentation === '2013J' ? [2013, 9, 7] : [2014, 9, 6];
        const lastWeek = weekOf(start, Math.floor(Number(day) / 7));
        const weeks = (await repos.measures.measuresForStudent(`OU-${id}-AAA-${presentation}`)).map(
          (m) => m.week,
        );
        expect(weeks.every((week) => week <= lastWeek)).toBe(true);
      }
    });
  });

  it('`students --list declining --json` works on the imported data', async () => {
    const { code, out } = await run(dataDir, ['students', '--list', 'declining', '--json']);
    expect(code).toBe(0);
    const list = out.parsedJson() as ViewSection;
    expect(typeof list.total).toBe('number');
    expect(list.rows).toHaveLength(list.total);
  });

  it('trains a risk model on the imported history, so `students --list at-risk` lists students with their reasons', async () => {
    expect(report.riskModel).toMatchObject({ trained: true, version: 'v1', target: 'outcome' });
    const { code, out } = await run(dataDir, ['students', '--list', 'at-risk', '--json']);
    expect(code).toBe(0);
    const list = out.parsedJson() as ViewSection;
    expect(list.total).toBeGreaterThan(0);
    expect(list.total).toBe(report.riskModel.trained ? report.riskModel.atRisk : -1);
    const text = (await run(dataDir, ['students', '--list', 'at-risk'])).out.text();
    expect(text).toMatch(/At Risk +(missed the deadline|.*activity|.*attendance|no )/);
  });

  it('re-importing one presentation is idempotent', async () => {
    const before = await inStore(dataDir, (repos) => repos.measures.measuresForStudent('OU-28400-AAA-2013J'));
    const { code, out } = await run(dataDir, ['import', 'oulad', OULAD_AAA, '--presentation', '2013J']);
    expect(code).toBe(0);
    expect(out.text()).toMatch(/Imported OULAD AAA-2013J from/);
    expect(out.text()).toMatch(/risk model +not trained: the store already has one/);
    await inStore(dataDir, async (repos) => {
      expect(await repos.institution.countStudents()).toBe(748);
      expect(await repos.measures.measuresForStudent('OU-28400-AAA-2013J')).toEqual(before);
    });
  });
});

describe('engage import oulad on a hand-written fixture with bad rows', () => {
  let dataDir: string;
  let report: ImportReport;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'engage-oulad-mini-'));
    const { code, out } = await run(dataDir, ['import', 'oulad', OULAD_MINI, '--json']);
    expect(code).toBe(0);
    report = out.parsedJson() as ImportReport;
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('reports each bad row with its file, line and reason', () => {
    expect(report.skipped.first.map(({ file, line, reason }) => ({ file, line, reason }))).toEqual([
      { file: 'studentInfo.csv', line: 6, reason: 'invalid highest_education' },
      { file: 'studentVle.csv', line: 5, reason: 'invalid sum_click' },
      { file: 'studentVle.csv', line: 9, reason: 'unknown student' },
      { file: 'studentVle.csv', line: 11, reason: 'malformed CSV' },
      { file: 'studentAssessment.csv', line: 5, reason: 'unknown assessment' },
      { file: 'studentAssessment.csv', line: 6, reason: 'invalid score' },
    ]);
    expect(report.skipped.first[1]?.detail).toBe('sum_click: "abc" is not a whole number');
    expect(report.skipped.total).toBe(6);
    expect(report.activityOutsideEnrolment).toBe(2);
  });

  it('lands the good rows: weekly clicks, days active and submissions with zeros, none outside enrolment', async () => {
    const weeks = ['2020-W41', '2020-W42', '2020-W43', '2020-W44', '2020-W45'];
    expect(report.termWeeks).toEqual(weeks);
    expect(report.students).toBe(4);
    expect(report.measuresWritten).toBe((5 + 2 + 5 + 5) * 3);
    await inStore(dataDir, async (repos) => {
      const series = async (student: string, source: string) =>
        (await repos.measures.measuresForStudent(student))
          .filter((m) => m.sourceId === source)
          .map((m) => [m.week, m.count]);
      expect(await series('OU-1-MIN-2020J', 'oulad-vle')).toEqual(
        weeks.map((w, i) => [w, [7, 0, 2, 0, 0][i]]),
      );
      // Days 0 and 2 (two sites on day 2 would still be one day) in week 1, day 15 in week 3; day −3 is before the start.
      expect(await series('OU-1-MIN-2020J', 'oulad-vle-days')).toEqual(
        weeks.map((w, i) => [w, [2, 0, 1, 0, 0][i]]),
      );
      // Day 20 is after student 2 unregistered (day 9): not counted.
      expect(await series('OU-2-MIN-2020J', 'oulad-vle-days')).toEqual([
        ['2020-W41', 1],
        ['2020-W42', 0],
      ]);
      // The assessment in week 2, the exam in week 4.
      expect(await series('OU-1-MIN-2020J', 'oulad-submissions')).toEqual(
        weeks.map((w, i) => [w, i === 1 || i === 3 ? 1 : 0]),
      );
      expect(await series('OU-2-MIN-2020J', 'oulad-vle')).toEqual([
        ['2020-W41', 6],
        ['2020-W42', 0],
      ]);
      expect(await series('OU-3-MIN-2020J', 'oulad-vle')).toEqual(weeks.map((w, i) => [w, i === 3 ? 7 : 0]));
      expect(await series('OU-4-MIN-2020J', 'oulad-vle')).toEqual(weeks.map((w, i) => [w, i === 4 ? 1 : 0]));
      expect(await repos.institution.findStudent('OU-5-MIN-2020J')).toBeNull();
      expect(await repos.institution.findStudent('OU-3-MIN-2020J')).toMatchObject({
        name: 'Student 3',
        programmeId: 'oulad-MIN',
        cohort: '2020J',
        entryBand: 'Below A level',
        studyMode: 'part-time',
        status: 'active',
      });
    });
  });

  it('files deadlines, on-time and late submissions and marks as weekly coursework counts', async () => {
    // Assessment 100 is due on day 10 (term week 2, 2020-W42); the exam (101) has no due day.
    expect(report.courseworkWeeksWritten).toBe(5);
    await inStore(dataDir, async (repos) => {
      const counts = async (week: string) =>
        Object.fromEntries(
          (await repos.coursework.weekCounts(week)).map(({ studentId, week: _, ...rest }) => [
            studentId,
            rest,
          ]),
        );
      expect(await counts('2020-W42')).toEqual({
        // Submitted on day 9 with 80, and day 8 with 60 (student 2 unregistered on day 9, after submitting).
        'OU-1-MIN-2020J': { due: 1, onTime: 1, late: 0, marked: 1, markSum: 80 },
        'OU-2-MIN-2020J': { due: 1, onTime: 1, late: 0, marked: 1, markSum: 60 },
        // Day 12, no mark ("?").
        'OU-3-MIN-2020J': { due: 1, onTime: 0, late: 1, marked: 0, markSum: 0 },
        // A mark of 120 is a skipped row: the deadline stays missed.
        'OU-4-MIN-2020J': { due: 1, onTime: 0, late: 0, marked: 0, markSum: 0 },
      });
      // The exam's mark on day 25, with no deadline.
      expect(await counts('2020-W44')).toEqual({
        'OU-1-MIN-2020J': { due: 0, onTime: 0, late: 0, marked: 1, markSum: 55 },
      });
    });
  });

  it('prints the first bad rows in the text report', async () => {
    const { code, out } = await run(dataDir, ['import', 'oulad', OULAD_MINI]);
    expect(code).toBe(0);
    expect(out.text()).toContain(
      'studentVle.csv line 5: invalid sum_click (sum_click: "abc" is not a whole number)',
    );
    expect(out.text()).toMatch(/skipped rows\s+6: /);
  });
});

describe('engage import oulad refuses what it must not do', () => {
  it('refuses a store holding the synthetic demo, writing nothing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'engage-oulad-demo-'));
    try {
      await inStore(dataDir, (repos) =>
        repos.meta.setOrigin({ kind: 'synthetic', details: { seed: 1 }, at: new Date() }),
      );
      const { code, out } = await run(dataDir, ['import', 'oulad', OULAD_MINI]);
      expect(code).toBe(1);
      expect(out.stderr.join('\n')).toContain('this store holds synthetic data');
      expect(await inStore(dataDir, (repos) => repos.institution.countStudents())).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('answers a wrong format, a missing directory or a bad presentation code', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'engage-oulad-usage-'));
    try {
      expect((await run(dataDir, ['import', 'moodle', OULAD_MINI])).code).toBe(2);
      expect((await run(dataDir, ['import', 'oulad', OULAD_MINI, '--presentation', '2013X'])).code).toBe(2);
      const missing = await run(dataDir, ['import', 'oulad', join(dataDir, 'nowhere')]);
      expect(missing.code).toBe(2);
      expect(missing.out.stderr).toEqual([expect.stringMatching(/nowhere: no such file or folder$/)]);
      const empty = await run(dataDir, ['import', 'oulad', dataDir]);
      expect(empty.code).toBe(2);
      expect(empty.out.stderr.join('\n')).toContain('courses.csv(.gz)');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

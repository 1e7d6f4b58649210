import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../adapters/cli/main.ts';
import { logContact } from '../../src/cases/contactService.ts';
import { loadSignals } from '../../src/weekly/loadSignals.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { repositories } from '../../src/repositories/index.ts';
import type { MondayView, ViewSection } from '../../src/weekly/mondayView.ts';
import type { StudentView } from '../../src/weekly/studentView.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

const SMALL_DEMO = ['--students', '300', '--weeks', '8', '--seed', '11'];
/** The injected clock: a Sunday, so the last complete week is the one ending today at midnight. */
const NOW = new Date('2026-12-06T09:30:00Z');

describe('engage demo and the list and student commands on its data', () => {
  let dataDir: string;
  let view: MondayView;
  const run = async (args: string[]) => {
    const out = captureOutput();
    const code = await runCli([...args, '--data-dir', dataDir], out, {}, () => NOW);
    return { code, out };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'engage-demo-'));
    const { code, out } = await run(['demo', ...SMALL_DEMO, '--json']);
    expect(code).toBe(0);
    view = (out.parsedJson() as { view: MondayView }).view;
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('prints a Monday view whose distribution accounts for every scored student', () => {
    expect(view.scored).toBeGreaterThan(250);
    expect(view.distribution.bands.reduce((sum, band) => sum + band.count, 0)).toBe(view.scored);
    expect(view.sections.map((section) => section.kind)).toEqual([
      'declining',
      'at-risk',
      'consistently-low',
      'priority-contact',
    ]);
    const priority = view.sections.find((section) => section.kind === 'priority-contact') as ViewSection;
    expect(priority.rows.length).toBeLessThanOrEqual(10);
    for (const row of priority.rows) {
      expect(row.score).toBeLessThan(350);
      expect(row.openCase).toBe(false);
      expect(row.daysSinceContact === null || row.daysSinceContact >= 14).toBe(true);
    }
    const declining = view.sections[0] as ViewSection;
    expect(declining.total).toBeGreaterThan(0);
    for (const row of declining.rows) expect(row.fourWeekChange!).toBeLessThan(-100);
  });

  it('shows the risk model’s At risk section: flagged students, highest risk first, with a reason', () => {
    const atRisk = view.sections.find((section) => section.kind === 'at-risk') as ViewSection;
    expect(atRisk.total).toBeGreaterThan(0);
    expect(atRisk.rows.length).toBeGreaterThan(0);
    for (const row of atRisk.rows) {
      expect(row.trajectory).toBe('At Risk');
      expect(row.topReason).toEqual(expect.any(String));
    }
    const risks = atRisk.rows.map((row) => row.risk as number);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
  });

  it('the text view shows the band chart, the three lists and the counts', async () => {
    const { code, out } = await run(['demo', ...SMALL_DEMO]);
    expect(code).toBe(0);
    const text = out.text();
    expect(text).toMatch(/Distribution by band/);
    expect(text).toMatch(/800–1000/);
    expect(text).toMatch(/Declining \(score fell more than 100 points over four weeks\): \d+ students/);
    expect(text).toMatch(/Priority contact \(below 350, no open case, no staff contact in 14 days\)/);
    expect(text).toMatch(/Counts/);
    expect(text).toMatch(
      /Risk model v1 \(outcome: the risk of withdrawing or failing\) is trained on the earlier term 2025\/26 Autumn .* flags students of the current term, which it has never seen: \d+ of \d+ this week \(\d+%; its base rate in the earlier term: \d+%\)/,
    );
    expect(text).toMatch(/At risk \(the risk model's calibrated probability/);
  });

  it('At risk is predicted on the current term by a model trained on the earlier one, flagging about its base rate', async () => {
    const store = await openEmbeddedStore({ dataDir });
    try {
      const repos = repositories(store.db);
      const model = (await repos.riskModels.active())!;
      const calendar = await repos.institution.calendar();
      const termOf = (week: string) => calendar.find((entry) => entry.week === week)?.term;
      expect(model.document.trainingWindow.terms).toEqual(['2025/26 Autumn']);
      expect(termOf(view.week)).toBe('2026/27 Autumn');
      // Outcomes are known for the earlier term only: the current one is still running.
      const outcomeTerms = new Set((await repos.outcomes.listOutcomes()).map((o) => o.term));
      expect([...outcomeTerms]).toEqual(['2025/26 Autumn']);
      const share = view.counts['at-risk'] / view.scored;
      expect(share).toBeGreaterThan(model.document.metrics.baseRate / 2);
      expect(share).toBeLessThan(model.document.metrics.baseRate * 1.5);
    } finally {
      await store.close();
    }
  });

  it('dates nothing after now: the latest week is the last complete one, and seeded contacts, cases and alerts are past', async () => {
    expect(view.week).toBe('2026-W48');
    expect(new Date(view.asOf).getTime()).toBeLessThanOrEqual(NOW.getTime());
    const store = await openEmbeddedStore({ dataDir });
    try {
      const repos = repositories(store.db);
      const contacts = await repos.contacts.lastContactByStudent(new Date(8.64e15));
      expect(contacts.size).toBeGreaterThan(0);
      for (const at of contacts.values()) expect(at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      const cases = await repos.cases.listCases({}, 10_000);
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) expect(c.openedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      const outbox = await repos.notifications.pending(10_000);
      expect(outbox.length).toBeGreaterThan(0);
      for (const n of outbox) expect(n.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect((await repos.riskModels.active())!.document.createdAt).toBe(NOW.toISOString());
    } finally {
      await store.close();
    }
  });

  it('a contact logged a minute ago is 0 days ago on the Monday view of the latest week', async () => {
    const studentId = view.sections.find((s) => s.kind === 'priority-contact')!.rows[0]!.studentId;
    const store = await openEmbeddedStore({ dataDir });
    try {
      const repos = repositories(store.db);
      const tutor = (await repos.institution.findStudent(studentId))!.tutorId;
      await logContact(
        repos,
        { studentId, channel: 'call', note: 'checked in' },
        { now: new Date(NOW.getTime() - 60_000), actorStaffId: tutor },
      );
      const snapshot = await loadSignals(repos, { week: view.week, now: NOW });
      const entry = snapshot.entries.find((e) => e.student.id === studentId)!;
      expect(entry.signals.daysSinceContact).toBe(0);
      expect(entry.signals.priorityContact).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('`students --list declining` lists exactly the students the Monday view counted, filterable by year', async () => {
    const { code, out } = await run(['students', '--list', 'declining', '--json']);
    expect(code).toBe(0);
    const list = out.parsedJson() as ViewSection;
    expect(list.total).toBe(view.counts.declining);
    expect(list.rows.map((row) => row.studentId).slice(0, 10)).toEqual(
      view.sections[0]!.rows.map((row) => row.studentId),
    );

    const yearOne = (
      await run(['students', '--list', 'declining', '--year', '1', '--json'])
    ).out.parsedJson() as ViewSection;
    expect(yearOne.rows.every((row) => row.yearOfStudy === 1)).toBe(true);
    expect(yearOne.total).toBeLessThanOrEqual(list.total);
  });

  it('`student <id>` shows the trend and the per-source explanation, and the lookup is audited', async () => {
    const id = view.sections[0]!.rows[0]!.studentId;
    const { code, out } = await run(['student', id, '--json']);
    expect(code).toBe(0);
    const student = out.parsedJson() as StudentView;
    expect(student.student.id).toBe(id);
    expect(student.trend.length).toBeGreaterThanOrEqual(4);
    expect(student.signals.declining).toBe(true);
    const contributions = student.explanation!.sources.reduce((sum, source) => sum + source.contribution, 0);
    expect(contributions).toBeCloseTo(student.explanation!.composite, 6);

    const store = await openEmbeddedStore({ dataDir });
    try {
      const audit = await repositories(store.db).audit.forStudent(id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ studentId: id, action: 'view-student', where: 'cli' });
      expect(audit[0]!.actor).toMatch(/^cli:/);
    } finally {
      await store.close();
    }
  });

  it('`score --week` re-scores a week and reproduces the Monday view; a malformed week is a usage error', async () => {
    const { code, out } = await run(['score', '--week', view.week, '--json']);
    expect(code).toBe(0);
    expect(out.parsedJson()).toMatchObject([{ week: view.week, scoredWeek: true, scored: view.scored }]);
    const again = (await run(['students', '--list', 'declining', '--json'])).out.parsedJson() as ViewSection;
    expect(again.total).toBe(view.counts.declining);

    const malformed = await run(['score', '--week', '2026-40']);
    expect(malformed.code).toBe(2);
    expect(malformed.out.stderr.join('\n')).toContain('--week must be an ISO week such as 2026-W40');
  });

  it('refuses a filter naming nothing in the store with exit code 2 and the valid choices, instead of an empty list', async () => {
    const faculty = await run(['students', '--list', 'declining', '--faculty', 'sciense-engineering']);
    expect(faculty.code).toBe(2);
    expect(faculty.out.stderr.join('\n')).toContain(
      'unknown faculty "sciense-engineering" (did you mean "science-engineering"?); faculty ids: business, health, humanities, science-engineering',
    );
    const programme = await run(['students', '--list', 'declining', '--programme', 'nope']);
    expect(programme.code).toBe(2);
    expect(programme.out.stderr.join('\n')).toMatch(/unknown programme "nope"; programme ids: \S/);
    const week = await run(['students', '--list', 'declining', '--week', '2025-W10']);
    expect(week.code).toBe(2);
    expect(week.out.stderr.join('\n')).toContain(`week 2025-W10 has not been scored; scored weeks: `);
    expect(week.out.stderr.join('\n')).toMatch(/scored weeks: \d{4}-W\d\d, /);
    const good = await run(['students', '--list', 'declining', '--faculty', 'science-engineering', '--json']);
    expect(good.code).toBe(0);
  });

  it('answers an unknown student with exit code 1 and an unknown list with exit code 2', async () => {
    expect((await run(['student', 'S9999999'])).code).toBe(1);
    const unknownList = await run(['students', '--list', 'sleepy']);
    expect(unknownList.code).toBe(2);
    expect(unknownList.out.stderr.join('\n')).toContain('unknown list "sleepy"');
  });

  it('refuses to overwrite a store that holds real data', async () => {
    const other = await mkdtemp(join(tmpdir(), 'engage-real-'));
    try {
      const store = await openEmbeddedStore({ dataDir: other });
      await repositories(store.db).meta.setOrigin({
        kind: 'oulad',
        details: { module: 'AAA' },
        at: new Date(),
      });
      await store.close();
      const out = captureOutput();
      expect(await runCli(['demo', ...SMALL_DEMO, '--data-dir', other], out, {})).toBe(1);
      expect(out.stderr.join('\n')).toContain('holds oulad data');
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrAppendCase } from '../../src/cases/caseService.ts';
import { engageNoCaseList } from '../../src/cases/engageNoCase.ts';
import { caseRecovery, interventionOutcomes } from '../../src/cases/outcomes.ts';
import { recoveryAfter } from '../../src/cases/recovery.ts';
import { isoWeekStart } from '../../src/domain/isoWeek.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';

describe('Engage + No Case and intervention outcomes on a scored demo term', () => {
  let seeded: SeededStore;
  let termWeeks: string[];
  beforeAll(async () => {
    seeded = await openSeededStore({ students: 300, weeks: 12, startWeek: '2026-W02' });
    termWeeks = seeded.institution.calendar.filter((w) => w.kind !== 'holiday').map((w) => w.week);
    for (const week of termWeeks) await scoreAndStoreWeek(seeded.repos, week);
  });
  afterAll(async () => seeded.close());

  it('lists declining students without an active case, and drops a student once a case is opened', async () => {
    const now = isoWeekStart(termWeeks.at(-1)!);
    const list = await engageNoCaseList(seeded.repos, { now });
    expect(list.week).toBe(termWeeks.at(-1));
    expect(list.total).toBeGreaterThan(0);
    const active = await seeded.repos.cases.studentsWithActiveCase();
    for (const row of list.rows) {
      expect(active.has(row.studentId)).toBe(false);
      expect(row.fourWeekChange!).toBeLessThan(-100);
    }
    const first = list.rows[0]!;
    await openOrAppendCase(
      seeded.repos,
      { studentId: first.studentId, reason: 'Declining' },
      {
        now,
        actorStaffId: 'staff-1',
      },
    );
    const after = await engageNoCaseList(seeded.repos, { now });
    expect(after.rows.map((row) => row.studentId)).not.toContain(first.studentId);
    expect(after.total).toBe(list.total - 1);
  });

  it('measures each seeded case against the stored score history, and sums them without names', async () => {
    const now = isoWeekStart(termWeeks.at(-1)!);
    const cases = await seeded.repos.cases.listCases({ openedSince: new Date(0) });
    const outcomes = await Promise.all(cases.map((c) => caseRecovery(seeded.repos, c, { now })));
    for (const [i, outcome] of outcomes.entries()) {
      const history = await seeded.repos.scores.historyFor(cases[i]!.studentId);
      expect(outcome.recovery).toEqual(recoveryAfter(history, cases[i]!.openedAt, termWeeks.at(-1)!));
    }
    const report = await interventionOutcomes(seeded.repos, { now, since: new Date(0) });
    expect(report.cases.interventions).toBe(cases.length);
    expect(report.cases.measured + report.cases.pending + report.cases.unmeasurable).toBe(cases.length);
    const contacted = await seeded.repos.contacts.firstContactByStudent(new Date(0), now);
    expect(report.contacts.interventions).toBe(contacted.size);
    expect(report.contacts.measured).toBeGreaterThan(0);
    expect(JSON.stringify(report)).not.toMatch(/S\d{7}/);
  });
});

/**
 * Alert rules evaluated after weekly scoring, on a seeded and scored synthetic term: firings are the
 * episode starts (holding this week, not the week before), re-running fires nothing new, a student with
 * an open case gets a timeline entry instead of a second case, and notifications land in the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewRuleNow, addRule, setRuleEnabled } from '../../src/rules/admin.ts';
import type { TutorNotification } from '../../src/rules/ports.ts';
import { evaluateRulesForWeek } from '../../src/rules/runWeek.ts';
import { isoWeekStart } from '../../src/domain/isoWeek.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';

const META = { at: new Date('2026-01-01T00:00:00Z'), by: 'admin-1', why: 'test rule' };

describe('evaluating stored rules week by week', () => {
  let seeded: SeededStore;
  let termWeeks: string[];
  beforeAll(async () => {
    seeded = await openSeededStore({ students: 300, weeks: 8, startWeek: '2026-W02', seed: 11 });
    termWeeks = seeded.institution.calendar.filter((w) => w.kind !== 'holiday').map((w) => w.week);
    for (const week of termWeeks) await scoreAndStoreWeek(seeded.repos, week);
    // Only the rules of this test: the shipped default is switched off.
    await setRuleEnabled(seeded.repos, 'below-300-two-weeks', false, META);
  });
  afterAll(async () => seeded.close());

  const holders = async (ruleId: string, week: string) => {
    const stored = await seeded.repos.rules.find(ruleId);
    const preview = await previewRuleNow(seeded.repos, stored!.rule, { now: new Date(), week });
    return new Set(preview.students.map((hit) => hit.student.id));
  };

  it('fires once per episode: for the students who hold this week and did not the week before', async () => {
    await addRule(
      seeded.repos,
      {
        id: 'below-420',
        name: 'Below 420',
        trigger: { kind: 'below', threshold: 420 },
        actions: [{ kind: 'notify-tutor' }],
      },
      META,
    );
    const notified: TutorNotification[] = [];
    const ports = { notifier: { notify: async (n: TutorNotification) => void notified.push(n) } };
    let before = new Set<string>();
    let total = 0;
    for (const week of termWeeks) {
      const now = isoWeekStart(week);
      const summary = await evaluateRulesForWeek(seeded.repos, { week, now, ports });
      const hold = await holders('below-420', week);
      const expected = [...hold].filter((id) => !before.has(id)).sort();
      const fired = (await seeded.repos.ruleState.firingsForWeek(week)).filter(
        (f) => f.ruleId === 'below-420',
      );
      expect(fired.map((f) => f.studentId).sort()).toEqual(expected);
      expect(summary.rules.find((r) => r.ruleId === 'below-420')).toMatchObject({
        evaluated: true,
        fired: expected.length,
      });
      before = hold;
      total += expected.length;
    }
    expect(total).toBeGreaterThan(0);
    // Every firing notified the student's own tutor, through the outbox, and is marked sent.
    expect(notified).toHaveLength(total);
    const student = seeded.institution.students.find((s) => s.id === notified[0]!.studentId)!;
    expect(notified[0]).toMatchObject({
      kind: 'alert',
      tutorStaffId: student.tutorId,
      rule: { id: 'below-420' },
    });
    expect(await seeded.repos.notifications.pending()).toEqual([]);

    // Re-running the latest week, and an earlier one, fires nothing new and sends nothing.
    const firings = await seeded.repos.ruleState.countFirings();
    for (const week of [termWeeks.at(-1)!, termWeeks[2]!]) {
      const again = await evaluateRulesForWeek(seeded.repos, { week, now: new Date(), ports });
      expect(again.rules.every((r) => !r.evaluated && r.fired === 0)).toBe(true);
      expect(again.actionsRun).toBe(0);
    }
    expect(await seeded.repos.ruleState.countFirings()).toBe(firings);
    expect(notified).toHaveLength(total);
    await setRuleEnabled(seeded.repos, 'below-420', false, META);
  });

  it('an alert for a student with an open case goes onto its timeline, never a second case', async () => {
    const seededCase = seeded.institution.cases[0]!;
    const student = seeded.institution.students.find((s) => s.id === seededCase.studentId)!;
    await addRule(
      seeded.repos,
      {
        id: 'programme-watch',
        name: 'Programme watch',
        trigger: { kind: 'below', threshold: 1000 },
        scope: { programmeIds: [student.programmeId] },
        actions: [{ kind: 'notify-tutor' }, { kind: 'create-case' }],
      },
      META,
    );
    const week = termWeeks.at(-1)!;
    const casesBefore = await seeded.repos.cases.listCases({ studentId: student.id });
    expect(casesBefore).toHaveLength(1);
    await evaluateRulesForWeek(seeded.repos, { week, now: isoWeekStart(week) });

    const cases = await seeded.repos.cases.listCases({ studentId: student.id });
    expect(cases).toHaveLength(1);
    expect(cases[0]!.timeline.at(-1)).toMatchObject({ kind: 'alert', by: 'engage' });
    expect(cases[0]!.timeline.at(-1)!.text).toMatch(/^Alert "Programme watch": score \d+ below 1000$/);
    // Students of the programme without a case now have one, owned by their tutor.
    const others = seeded.institution.students.filter(
      (s) => s.programmeId === student.programmeId && s.id !== student.id && s.status === 'active',
    );
    const opened = await seeded.repos.cases.listCases({ studentId: others[0]!.id });
    expect(opened.length).toBeGreaterThanOrEqual(1);
    expect(opened[0]!.ownerId).toBe(others[0]!.tutorId);
    // No notifier wired: the notification waits in the outbox.
    const notifications = await seeded.repos.notifications.forStudent(student.id);
    expect(notifications.find((n) => n.ruleId === 'programme-watch')).toMatchObject({
      status: 'pending',
      recipientId: student.tutorId,
      ruleId: 'programme-watch',
      week,
    });
  });

  it('a run cut short after recording its firings finishes their actions next time, without firing again', async () => {
    const week = termWeeks.at(-1)!;
    const withCase = await seeded.repos.cases.studentsWithActiveCase();
    const student = seeded.institution.students.find((s) => s.status === 'active' && !withCase.has(s.id))!;
    await addRule(
      seeded.repos,
      {
        id: 'interrupted',
        name: 'Interrupted',
        trigger: { kind: 'below', threshold: 1000 },
        actions: [{ kind: 'notify-tutor' }],
      },
      META,
    );
    // What an interrupted run leaves: the firing and the episode stored, the week marked, no action run.
    await seeded.repos.ruleState.saveEvaluation('interrupted', week, {
      fired: [
        {
          ruleId: 'interrupted',
          studentId: student.id,
          week,
          at: new Date(),
          reason: 'held',
          status: 'pending',
          outcomes: [],
        },
      ],
      started: [{ ruleId: 'interrupted', studentId: student.id, since: week }],
      ended: [],
    });
    const summary = await evaluateRulesForWeek(seeded.repos, { week, now: isoWeekStart(week) });
    expect(summary.actionsRun).toBe(1);
    expect(summary.rules.find((r) => r.ruleId === 'interrupted')).toMatchObject({
      evaluated: false,
      fired: 0,
    });
    const [firing] = (await seeded.repos.ruleState.firingsFor(student.id)).filter(
      (f) => f.ruleId === 'interrupted',
    );
    expect(firing).toMatchObject({
      status: 'done',
      outcomes: ['notify-tutor: alert notification queued in the outbox (no chat notifier wired)'],
    });
    const queued = (await seeded.repos.notifications.forStudent(student.id)).filter(
      (n) => n.ruleId === 'interrupted',
    );
    expect(queued).toHaveLength(1);
    expect((await evaluateRulesForWeek(seeded.repos, { week, now: new Date() })).actionsRun).toBe(0);
  });
});

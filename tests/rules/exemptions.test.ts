/**
 * Alert rules and workflow steps leave out students exempt for a known reason, on a seeded and scored
 * synthetic term: a student exempt from the start is not fired for until the week after their last day;
 * a student whose episode was already running when they became exempt is neither fired for again nor has
 * their episode ended by the gap; a workflow step due while exempt is skipped (and the next one scheduled),
 * and the next step, due after the exemption, runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekStart } from '../../src/domain/isoWeek.ts';
import { shiftDay } from '../../src/exemptions/calendarDays.ts';
import { addRule, previewRuleNow, setRuleEnabled } from '../../src/rules/admin.ts';
import type { WorkflowStepRef } from '../../src/rules/ports.ts';
import { evaluateRulesForWeek } from '../../src/rules/runWeek.ts';
import { runWorkflowStep } from '../../src/rules/workflow.ts';
import { viewDate } from '../../src/weekly/loadSignals.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';

const META = { at: new Date('2026-01-01T00:00:00Z'), by: 'admin-1', why: 'exemption test' };

describe('exempt students and alert rules', () => {
  let seeded: SeededStore;
  let termWeeks: string[];
  /** The day each week is evaluated as of, when evaluated at the start of the week (its digest day). */
  const asOfDay = (week: string) => viewDate(week, isoWeekStart(week)).toISOString().slice(0, 10);

  beforeAll(async () => {
    seeded = await openSeededStore({ students: 300, weeks: 8, startWeek: '2026-W02', seed: 11 });
    termWeeks = seeded.institution.calendar.filter((w) => w.kind !== 'holiday').map((w) => w.week);
    for (const week of termWeeks) await scoreAndStoreWeek(seeded.repos, week);
    await setRuleEnabled(seeded.repos, 'below-300-two-weeks', false, META);
  }, 60_000);
  afterAll(async () => seeded.close());

  const exempt = (studentId: string, from: string, until: string) =>
    seeded.repos.exemptions.add({
      studentId,
      category: 'illness',
      note: '',
      from,
      until,
      setBy: 'STF-TEST',
      setAt: new Date(`${from}T09:00:00Z`),
    });

  it('does not fire while a student is exempt, fires after the last day, and leaves a running episode alone', async () => {
    const rule = {
      id: 'below-450',
      name: 'Below 450',
      trigger: { kind: 'below', threshold: 450 },
      actions: [{ kind: 'notify-tutor' }],
    } as const;
    await addRule(seeded.repos, rule, META);
    // Students below 450 in every term week: without exemptions each fires once, in the first week.
    const holding = async (week: string) =>
      new Set(
        (await previewRuleNow(seeded.repos, rule, { now: isoWeekStart(week), week })).students.map(
          (hit) => hit.student.id,
        ),
      );
    let always: string[] = [...(await holding(termWeeks[0]!))];
    for (const week of termWeeks.slice(1)) {
      const hold = await holding(week);
      always = always.filter((id) => hold.has(id));
    }
    expect(always.length).toBeGreaterThanOrEqual(2);
    const [fromStart, midway] = always as [string, string];

    // One is exempt from before the first week to the third week's as-of day; the other from the fourth
    // week's as-of day to the fifth's, after their episode began in the first week.
    await exempt(fromStart, shiftDay(asOfDay(termWeeks[0]!), -3), asOfDay(termWeeks[2]!));
    await exempt(midway, asOfDay(termWeeks[3]!), asOfDay(termWeeks[4]!));

    const firedWeek = new Map<string, string[]>();
    for (const week of termWeeks) {
      await evaluateRulesForWeek(seeded.repos, { week, now: isoWeekStart(week) });
      const fired = (await seeded.repos.ruleState.firingsForWeek(week)).filter((f) => f.ruleId === rule.id);
      for (const firing of fired)
        firedWeek.set(firing.studentId, [...(firedWeek.get(firing.studentId) ?? []), week]);
    }
    // Exempt from the start: nothing until the first week evaluated after the last day, then once.
    expect(firedWeek.get(fromStart)).toEqual([termWeeks[3]]);
    // Exempt midway: fired once at the start, and the gap neither ended the episode nor fired it again.
    expect(firedWeek.get(midway)).toEqual([termWeeks[0]]);
    expect((await seeded.repos.ruleState.activeEpisodes(rule.id)).get(midway)).toBe(termWeeks[0]);
    // Everyone else holding every week fired once, in the first week.
    for (const id of always.slice(2)) expect(firedWeek.get(id)).toEqual([termWeeks[0]]);
  });

  it('skips a workflow step due while the student is exempt, schedules the next, and runs that one after', async () => {
    const student = seeded.institution.students.find((s) => s.status === 'active')!;
    await addRule(
      seeded.repos,
      {
        id: 'escalate',
        name: 'Escalate',
        enabled: true,
        trigger: { kind: 'below', threshold: 1000 },
        actions: [
          {
            kind: 'workflow',
            steps: [
              { do: 'escalate-to-student-support' },
              { do: 'escalate-to-student-support', delayDays: 14 },
            ],
          },
        ],
      },
      META,
    );
    const week = termWeeks.at(-1)!;
    const start = new Date('2026-06-01T09:00:00Z');
    await exempt(student.id, '2026-05-30', '2026-06-10');
    const scheduled: { ref: WorkflowStepRef; runAt: Date }[] = [];
    const ports = {
      workflows: {
        schedule: async (ref: WorkflowStepRef, runAt: Date) => void scheduled.push({ ref, runAt }),
      },
    };
    const first: WorkflowStepRef = {
      ruleId: 'escalate',
      studentId: student.id,
      week,
      action: 0,
      step: 0,
      startedAt: start.toISOString(),
    };

    const skipped = await runWorkflowStep(seeded.repos, first, { now: start, ports });
    expect(skipped.outcome).toBe(
      'step 1 (escalate-to-student-support): skipped: the student is exempt (known reason) until 2026-06-10',
    );
    expect(skipped.outcome).not.toContain('illness');
    const escalations = async () =>
      (await seeded.repos.notifications.forStudent(student.id)).filter((n) => n.kind === 'escalation');
    expect(await escalations()).toEqual([]);
    expect(await seeded.repos.cases.activeCaseFor(student.id)).toBeNull();
    expect(scheduled).toHaveLength(1);

    // The next step comes due after the last day: it escalates.
    const { ref, runAt } = scheduled[0]!;
    expect(runAt.toISOString().slice(0, 10)).toBe('2026-06-15');
    const ran = await runWorkflowStep(seeded.repos, ref, { now: runAt, ports });
    expect(ran.outcome).toMatch(/^step 2 \(escalate-to-student-support\): .*escalation notification/);
    expect(await escalations()).toEqual([expect.objectContaining({ recipientId: 'student-support' })]);
    expect(await seeded.repos.cases.activeCaseFor(student.id)).not.toBeNull();
  });
});

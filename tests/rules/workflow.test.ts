/**
 * Workflow sequences on the real job scheduler (Agenda on the embedded store): a rule fires, its workflow
 * notifies the tutor, then — 7 days on, only if no contact was logged — escalates to student support, then
 * starts the missing-student procedure. The test stands in for the clock: each step the workflow asks
 * for is queued with `now` at its due time and awaited, never slept for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleJobHandlers } from '../../adapters/runtime/ruleJobs.ts';
import { createJobScheduler, type JobScheduler } from '../../adapters/runtime/jobCatalogue.ts';
import { logContact } from '../../src/cases/contactService.ts';
import type { Student } from '../../src/domain/model.ts';
import { addRule, setRuleEnabled } from '../../src/rules/admin.ts';
import type { TutorNotification, WorkflowStepRef } from '../../src/rules/ports.ts';
import { evaluateRulesForWeek } from '../../src/rules/runWeek.ts';
import { isoWeekStart } from '../../src/domain/isoWeek.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';
import { finished, TEST_SCHEDULER_SETTINGS } from '../jobs/support.ts';

const DAY = 86_400_000;

describe('a workflow sequence driven through the scheduler', () => {
  let seeded: SeededStore;
  let scheduler: JobScheduler;
  let clock: Date;
  const requested: { ref: WorkflowStepRef; runAt: Date }[] = [];
  const notified: TutorNotification[] = [];
  const ports = {
    notifier: { notify: async (n: TutorNotification) => void notified.push(n) },
    workflows: { schedule: async (ref: WorkflowStepRef, runAt: Date) => void requested.push({ ref, runAt }) },
  };

  const runAts: { studentId: string; step: number; runAt: Date }[] = [];

  /** Runs each requested step due by `time`, earliest first, as a scheduler job with the clock at its due time. */
  async function runStepsDueBy(time: Date): Promise<void> {
    for (;;) {
      requested.sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
      if (requested.length === 0 || requested[0]!.runAt > time) return;
      const { ref, runAt } = requested.shift()!;
      runAts.push({ studentId: ref.studentId, step: ref.step, runAt });
      clock = runAt;
      const done = finished(scheduler, 'run-workflow-step');
      await scheduler.now('run-workflow-step', { ...ref });
      expect((await done).ok).toBe(true);
    }
  }

  beforeAll(async () => {
    seeded = await openSeededStore({ students: 120, weeks: 3, startWeek: '2026-W02', seed: 9 });
    for (const week of seeded.institution.calendar.map((w) => w.week))
      await scoreAndStoreWeek(seeded.repos, week);
    scheduler = createJobScheduler({
      store: seeded.store,
      ...TEST_SCHEDULER_SETTINGS,
      handlers: ruleJobHandlers(seeded.repos, TEST_SCHEDULER_SETTINGS.logger, { ports, clock: () => clock }),
    });
    await scheduler.start();
  });
  afterAll(async () => {
    await scheduler.stop();
    await seeded.close();
  });

  it('escalates only while nobody has made contact, and ends at the missing-student procedure', async () => {
    const meta = { at: new Date('2026-01-01T00:00:00Z'), by: 'admin-1', why: 'workflow test' };
    await setRuleEnabled(seeded.repos, 'below-300-two-weeks', false, meta);
    const active = seeded.institution.students.filter((s) => s.status === 'active');
    const { programmeId, yearOfStudy } = active[0]!;
    await addRule(
      seeded.repos,
      {
        id: 'reach-out',
        name: 'Reach out',
        trigger: { kind: 'below', threshold: 1000 },
        scope: { programmeIds: [programmeId], yearsOfStudy: [yearOfStudy] },
        actions: [
          {
            kind: 'workflow',
            steps: [
              { do: 'notify-tutor' },
              { do: 'escalate-to-student-support', delayDays: 7, when: 'no-contact-since-step-started' },
              { do: 'missing-student-procedure', delayDays: 7, when: 'no-contact-since-step-started' },
            ],
          },
        ],
      },
      meta,
    );
    const week = seeded.institution.calendar.at(-1)!.week;
    const t0 = new Date(isoWeekStart(week).getTime() + 7 * DAY);
    await evaluateRulesForWeek(seeded.repos, { week, now: t0, ports });
    const started = requested.map((r) => r.ref.studentId);
    expect(started.length).toBeGreaterThan(1);
    const inScope = (s: Student) => started.includes(s.id);
    const [contacted, silent] = active.filter(inScope);

    const outboxFor = async (id: string) =>
      (await seeded.repos.notifications.forStudent(id))
        .filter((n) => n.ruleId === 'reach-out')
        .map((n) => `${n.kind}>${n.recipientId}`)
        .sort();

    // Day 0: the tutor is notified at once.
    await runStepsDueBy(t0);
    expect(
      notified
        .filter((n) => n.kind === 'alert')
        .map((n) => n.studentId)
        .sort(),
    ).toEqual([...started].sort());
    expect(await outboxFor(silent!.id)).toEqual([`alert>${silent!.tutorId}`]);

    // Day 3: the tutor reaches one of the students.
    const day3 = new Date(t0.getTime() + 3 * DAY);
    await logContact(
      seeded.repos,
      { studentId: contacted!.id, channel: 'call', at: day3 },
      { now: day3, actorStaffId: contacted!.tutorId },
    );

    // Day 7: no contact for the other: escalated to student support, onto a case; the contacted student's workflow ends.
    await runStepsDueBy(new Date(t0.getTime() + 7 * DAY));
    expect(await outboxFor(silent!.id)).toEqual([`alert>${silent!.tutorId}`, 'escalation>student-support']);
    expect(await outboxFor(contacted!.id)).toEqual([`alert>${contacted!.tutorId}`]);
    expect(requested.map((r) => r.ref.studentId)).not.toContain(contacted!.id);

    // Day 14: still none: the missing-student procedure, the last step.
    await runStepsDueBy(new Date(t0.getTime() + 14 * DAY));
    expect(requested).toEqual([]);
    expect(await outboxFor(silent!.id)).toEqual([
      `alert>${silent!.tutorId}`,
      'escalation>student-support',
      'missing-student>student-support',
    ]);
    expect(
      runAts.filter((r) => r.studentId === silent!.id).map((r) => [r.step, r.runAt.getTime() - t0.getTime()]),
    ).toEqual([
      [0, 0],
      [1, 7 * DAY],
      [2, 14 * DAY],
    ]);
    const cases = await seeded.repos.cases.listCases({ studentId: silent!.id });
    expect(cases).toHaveLength(1);
    const texts = cases[0]!.timeline.map((entry) => entry.text);
    expect(
      texts.some((t) => t.startsWith('Escalated to student support: no staff contact logged in the 7 days')),
    ).toBe(true);
    expect(
      texts.some((t) =>
        t.startsWith('Missing-student procedure started: no staff contact logged in the 14 days'),
      ),
    ).toBe(true);
    const contactedTimeline = (await seeded.repos.cases.listCases({ studentId: contacted!.id })).flatMap(
      (c) => c.timeline,
    );
    expect(contactedTimeline.some((entry) => /^(Escalated|Missing-student)/.test(entry.text))).toBe(false);
  });
});

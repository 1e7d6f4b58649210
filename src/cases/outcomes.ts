/**
 * Intervention outcomes from the store (docs/rules.md): for each case, the recovery after it was opened; for
 * contacts, the recovery after each student's first contact in the period; and the aggregates the
 * governance summary reports (counts and a median, no named students).
 */
import { isoWeekOf, type IsoWeek } from '../domain/isoWeek.ts';
import type { SupportCase } from '../repositories/cases.ts';
import type { Repositories } from '../repositories/index.ts';
import { recoveryAfter, summariseRecovery, type RecoveryOutcome, type RecoverySummary } from './recovery.ts';

export interface CaseOutcome {
  caseId: string;
  studentId: string;
  status: SupportCase['status'];
  recovery: RecoveryOutcome;
}

/** The week the "pending" verdict is judged against: the latest scored week, else now's week. */
async function asOfWeek(repos: Repositories, now: Date): Promise<IsoWeek> {
  return (await repos.scores.scoredWeeks()).at(-1) ?? isoWeekOf(now);
}

/** The recovery after one case was opened. */
export async function caseRecovery(
  repos: Repositories,
  supportCase: SupportCase,
  options: { now: Date },
): Promise<CaseOutcome> {
  const [history, week] = await Promise.all([
    repos.scores.historyFor(supportCase.studentId),
    asOfWeek(repos, options.now),
  ]);
  return {
    caseId: supportCase.id,
    studentId: supportCase.studentId,
    status: supportCase.status,
    recovery: recoveryAfter(history, supportCase.openedAt, week),
  };
}

export interface OutcomeReport {
  cases: RecoverySummary;
  contacts: RecoverySummary;
}

/** Recovery after every case opened, and every student's first contact, at or after `since`. */
export async function interventionOutcomes(
  repos: Repositories,
  options: { now: Date; since: Date },
): Promise<OutcomeReport> {
  const [cases, contacts, week] = await Promise.all([
    repos.cases.listCases({ openedSince: options.since }, Number.MAX_SAFE_INTEGER),
    repos.contacts.firstContactByStudent(options.since, options.now),
    asOfWeek(repos, options.now),
  ]);
  const studentIds = new Set([...cases.map((c) => c.studentId), ...contacts.keys()]);
  const histories = new Map(
    await Promise.all([...studentIds].map(async (id) => [id, await repos.scores.historyFor(id)] as const)),
  );
  const after = (studentId: string, at: Date) => recoveryAfter(histories.get(studentId) ?? [], at, week);
  return {
    cases: summariseRecovery(cases.map((c) => after(c.studentId, c.openedAt))),
    contacts: summariseRecovery([...contacts].map(([studentId, at]) => after(studentId, at))),
  };
}

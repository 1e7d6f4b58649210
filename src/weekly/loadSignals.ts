/**
 * Loads what the signals need for every student in scope — recent score history, the latest staff contact,
 * whether a support case is active — and computes each student's signals for a scored week, with the
 * stored risk prediction (trajectory, calibrated risk, reasons) when the AI layer has one for the week.
 */
import { addWeeks, isoWeekStart, type IsoWeek } from '../domain/isoWeek.ts';
import type { Student } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import type { StudentFilter } from '../repositories/institution.ts';
import type { ScoreHistoryPoint } from '../repositories/scores.ts';
import { computeSignals } from '../signals/studentSignals.ts';
import type { ListEntry } from '../signals/lists.ts';
import { shownPredictions } from '../prediction/shownPredictions.ts';

/** Weeks of history loaded for the signals: enough for four scored weeks either side of a reading week or holiday. */
const HISTORY_WEEKS = 12;

export interface SignalEntry extends ListEntry {
  student: Student;
  /** The student's scores in the loaded window, oldest first. */
  history: ScoreHistoryPoint[];
}

export interface SignalSnapshot {
  week: IsoWeek;
  asOf: Date;
  entries: SignalEntry[];
}

/** The Monday after the scored week: when that week's digest goes out. */
export function digestDateOf(week: IsoWeek): Date {
  return isoWeekStart(addWeeks(week, 1));
}

/**
 * The moment "days since contact" is counted to when viewing a week: now, or the week's digest date when
 * the data runs ahead of the clock (a generated demo term).
 */
export function viewDate(week: IsoWeek, now: Date): Date {
  const digestDate = digestDateOf(week);
  return digestDate > now ? digestDate : now;
}

/** The week to report on: the one asked for, or the latest scored week. Throws when nothing is scored yet. */
export async function reportWeek(repos: Repositories, week?: IsoWeek): Promise<IsoWeek> {
  if (week !== undefined) return week;
  const latest = (await repos.scores.scoredWeeks()).at(-1);
  if (!latest) throw new Error('no week has been scored yet: run "engage score" (or "engage demo") first');
  return latest;
}

export async function loadSignals(
  repos: Repositories,
  options: { week: IsoWeek; now: Date; filter?: StudentFilter },
): Promise<SignalSnapshot> {
  const { week } = options;
  const asOf = viewDate(week, options.now);
  const [students, histories, lastContacts, activeCases, predictions] = await Promise.all([
    repos.institution.listStudents(options.filter),
    repos.scores.historiesBetween(addWeeks(week, -HISTORY_WEEKS), week),
    repos.contacts.lastContactByStudent(asOf),
    repos.cases.studentsWithActiveCase(),
    shownPredictions(repos, week),
  ]);
  const entries = students.map((student): SignalEntry => {
    const history = histories.get(student.id) ?? [];
    const lastContact = lastContacts.get(student.id);
    const prediction = predictions.get(student.id);
    return {
      student,
      history,
      ...(prediction && {
        trajectory: prediction.trajectory,
        risk: {
          probability: prediction.probability,
          reasons: prediction.reasons.map((reason) => reason.sentence),
          modelVersion: prediction.modelVersion,
          ...(prediction.target && { target: prediction.target }),
        },
      }),
      signals: computeSignals({
        scores: history,
        contacts: lastContact ? [lastContact] : [],
        openCase: activeCases.has(student.id),
        asOf,
      }),
    };
  });
  return { week, asOf, entries };
}

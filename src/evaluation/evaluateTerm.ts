/**
 * The evidence harness's arithmetic for one term: given who had a bad outcome (withdrew or failed) and, for
 * each term week, every scored student's score and the students each list flagged, it measures per week —
 * among the students still registered at the end of that week — how many each list flagged, its precision
 * and recall, the base rate, and the ROC AUC of the score (a lower score read as riskier); and per list the
 * lead time: how many weeks before withdrawing a withdrawn student was first flagged. Pure: data in, data
 * out. See docs/evidence.md.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { rocAuc } from '../prediction/metrics.ts';

export interface EvaluatedStudent {
  studentId: string;
  /** Withdrew or failed. */
  bad: boolean;
  /** The term week the student withdrew in, or null if they stayed. */
  withdrawnWeek: IsoWeek | null;
}

/** What was known at the end of one term week. */
export interface WeekObservation {
  week: IsoWeek;
  /** Scores of the students scored that week. */
  scores: ReadonlyMap<string, number>;
  /** Per list, the students it flagged that week. */
  flagged: Readonly<Record<string, ReadonlySet<string>>>;
}

export interface ListWeekFigures {
  flagged: number;
  /** Share of the flagged who later withdrew or failed; null when nobody was flagged. */
  precision: number | null;
  /** Share of the registered students who later withdrew or failed that the list flagged. */
  recall: number | null;
}

export interface WeekFigures {
  /** 1 for the term's first week. */
  termWeek: number;
  week: IsoWeek;
  /** Students still registered at the end of the week. */
  registered: number;
  scored: number;
  /** Share of the registered students who later withdrew or failed. */
  baseRate: number | null;
  /** ROC AUC of −score over the registered students scored that week. */
  scoreAuc: number | null;
  lists: Record<string, ListWeekFigures>;
}

export interface LeadTime {
  /** Students who withdrew during the term. */
  withdrawals: number;
  /** Of them, flagged at least once in or before the week they withdrew. */
  caught: number;
  /** Median weeks from the first flag to the withdrawal week, over those caught. */
  medianWeeks: number | null;
}

export interface TermEvaluation {
  term: string;
  students: number;
  weeks: WeekFigures[];
  leadTime: Record<string, LeadTime>;
}

/** Registered at the end of `week`: not withdrawn in that week or earlier. */
export function registeredAt(student: EvaluatedStudent, week: IsoWeek): boolean {
  return student.withdrawnWeek === null || student.withdrawnWeek > week;
}

export function evaluateTerm(
  term: string,
  students: readonly EvaluatedStudent[],
  observations: readonly WeekObservation[],
  lists: readonly string[],
): TermEvaluation {
  const weeks = observations.map((observation, index): WeekFigures => {
    const registered = students.filter((student) => registeredAt(student, observation.week));
    const bad = registered.filter((student) => student.bad).length;
    const scored = registered.filter((student) => observation.scores.has(student.studentId));
    return {
      termWeek: index + 1,
      week: observation.week,
      registered: registered.length,
      scored: scored.length,
      baseRate: registered.length === 0 ? null : bad / registered.length,
      scoreAuc: rocAuc(
        scored.map((student) => -(observation.scores.get(student.studentId) as number)),
        scored.map((student) => (student.bad ? 1 : 0)),
      ),
      lists: Object.fromEntries(
        lists.map((list) => {
          const set = observation.flagged[list] ?? new Set<string>();
          const flagged = registered.filter((student) => set.has(student.studentId));
          const hits = flagged.filter((student) => student.bad).length;
          return [
            list,
            {
              flagged: flagged.length,
              precision: flagged.length === 0 ? null : hits / flagged.length,
              recall: bad === 0 ? null : hits / bad,
            },
          ];
        }),
      ),
    };
  });
  return {
    term,
    students: students.length,
    weeks,
    leadTime: Object.fromEntries(lists.map((list) => [list, leadTimeOf(list, students, observations)])),
  };
}

function leadTimeOf(
  list: string,
  students: readonly EvaluatedStudent[],
  observations: readonly WeekObservation[],
): LeadTime {
  const withdrawn = students.filter(
    (student) => student.withdrawnWeek !== null && student.withdrawnWeek >= (observations[0]?.week ?? ''),
  );
  const leads: number[] = [];
  for (const student of withdrawn) {
    const leaving = observations.findIndex(
      (observation) => observation.week >= (student.withdrawnWeek as IsoWeek),
    );
    const last = leaving === -1 ? observations.length - 1 : leaving;
    const first = observations.findIndex(
      (observation, index) => index <= last && observation.flagged[list]?.has(student.studentId),
    );
    if (first !== -1 && first <= last) leads.push(last - first);
  }
  leads.sort((a, b) => a - b);
  const middle = leads.length >> 1;
  return {
    withdrawals: withdrawn.length,
    caught: leads.length,
    medianWeeks:
      leads.length === 0
        ? null
        : leads.length % 2 === 1
          ? (leads[middle] as number)
          : ((leads[middle - 1] as number) + (leads[middle] as number)) / 2,
  };
}

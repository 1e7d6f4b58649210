/**
 * `engage evaluate`'s reading of a store: for every term with recorded outcomes, each term week's scores
 * and lists exactly as `engage students --list` builds them on that week's Monday (nothing later is read:
 * the signals of week k use scores up to week k and contacts up to its digest date), handed to
 * evaluateTerm. Students without a recorded outcome, or with an interruption, are left out.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { Repositories } from '../repositories/index.ts';
import { buildList, LIST_KINDS } from '../signals/lists.ts';
import { scoredThisWeek } from '../weekly/mondayView.ts';
import { digestDateOf, loadSignals } from '../weekly/loadSignals.ts';
import { evaluateTerm, type TermEvaluation, type WeekObservation } from './evaluateTerm.ts';
import { studentsByTerm, termsInOrder, weeksOfTerm } from './terms.ts';

export const EVALUATED_LISTS = LIST_KINDS.filter((kind) => kind !== 'engage-no-case');

export interface StoreEvaluation {
  terms: TermEvaluation[];
  /** Outcomes left out: no term recorded, or a result that is not withdrawn, failed or passed. */
  outcomesLeftOut: number;
}

export async function evaluateStore(
  repos: Repositories,
  options: { terms?: readonly string[] } = {},
): Promise<StoreEvaluation> {
  const [outcomes, calendar, scoredWeeks] = await Promise.all([
    repos.outcomes.listOutcomes(),
    repos.institution.calendar(),
    repos.scores.scoredWeeks(),
  ]);
  const scored = new Set(scoredWeeks);
  const { byTerm, leftOut: outcomesLeftOut } = studentsByTerm(outcomes);

  const terms: TermEvaluation[] = [];
  for (const term of termsInOrder(calendar, byTerm.keys())) {
    if (options.terms && !options.terms.includes(term)) continue;
    const students = byTerm.get(term) ?? [];
    const weeks = weeksOfTerm(calendar, term);
    const members = new Set(students.map((student) => student.studentId));
    const observations: WeekObservation[] = [];
    for (const week of weeks) {
      if (!scored.has(week)) break;
      observations.push(await observe(repos, week, members));
    }
    terms.push(evaluateTerm(term, students, observations, EVALUATED_LISTS));
  }
  return { terms, outcomesLeftOut };
}

async function observe(
  repos: Repositories,
  week: IsoWeek,
  members: ReadonlySet<string>,
): Promise<WeekObservation> {
  const snapshot = await loadSignals(repos, { week, now: digestDateOf(week) });
  const entries = scoredThisWeek(snapshot).filter((entry) => members.has(entry.student.id));
  return {
    week,
    scores: new Map(entries.map((entry) => [entry.student.id, entry.signals.score as number])),
    flagged: Object.fromEntries(
      EVALUATED_LISTS.map((kind) => [
        kind,
        new Set(buildList(entries, kind).map((entry) => entry.student.id)),
      ]),
    ),
  };
}

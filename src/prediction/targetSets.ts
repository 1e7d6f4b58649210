/**
 * Reads a term's training or test set for either target (docs/prediction.md, "Targets"): the outcome target
 * reads the students with recorded outcomes (loadTerm.ts); the future-disengagement target reads every
 * student scored in the term's weeks and labels them from the stored scores (disengagement.ts), so it needs
 * no outcomes.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { isTermWeek } from '../domain/model.ts';
import { termsInOrder, weeksOfTerm } from '../evaluation/terms.ts';
import type { Repositories } from '../repositories/index.ts';
import { buildDataset, buildDisengagementDataset, type TrainingSet } from './dataset.ts';
import { disengagementByWeek, isDisengaged } from './disengagement.ts';
import type { CohortWeek } from './features.ts';
import { loadTerm, loadWeek, termsWithOutcomes } from './loadTerm.ts';
import { DISENGAGEMENT_HORIZON_WEEKS, type ModelTarget } from './targets.ts';

/** The term's scored term weeks from week 1, stopping at the first unscored one (as loadTerm does). */
async function scoredTermWeeks(repos: Repositories, term: string, maxWeeks = Infinity): Promise<IsoWeek[]> {
  const [calendar, scoredWeeks] = await Promise.all([
    repos.institution.calendar(),
    repos.scores.scoredWeeks(),
  ]);
  const scored = new Set(scoredWeeks);
  const weeks: IsoWeek[] = [];
  for (const week of weeksOfTerm(calendar, term).slice(0, maxWeeks)) {
    if (!scored.has(week)) break;
    weeks.push(week);
  }
  return weeks;
}

/**
 * The terms a target can be trained or tested on, in the order they ran: for outcome, those with recorded
 * outcomes; for future-disengagement, those scored far enough for week `fromWeek` to have its four weeks
 * ahead scored.
 */
export async function termsForTarget(
  repos: Repositories,
  target: ModelTarget,
  fromWeek: number,
): Promise<string[]> {
  if (target === 'outcome') return termsWithOutcomes(repos);
  const calendar = await repos.institution.calendar();
  const labels = calendar.filter(isTermWeek).flatMap((entry) => entry.term.split(' + '));
  const usable: string[] = [];
  for (const term of termsInOrder(calendar, labels)) {
    const weeks = await scoredTermWeeks(repos, term, fromWeek + DISENGAGEMENT_HORIZON_WEEKS);
    if (weeks.length >= fromWeek + DISENGAGEMENT_HORIZON_WEEKS) usable.push(term);
  }
  return usable;
}

export interface TargetSet {
  weeks: CohortWeek[];
  set: TrainingSet;
}

/**
 * Rows of `term` at the chosen term weeks for the target; `sourceIds` fixes the feature layout (default:
 * the term's own sources). The future-disengagement target reads `horizon` weeks past the last chosen week.
 */
export async function loadTargetSet(
  repos: Repositories,
  term: string,
  target: ModelTarget,
  termWeeks: readonly number[],
  sourceIds?: readonly string[],
): Promise<TargetSet> {
  const last = Math.max(...termWeeks);
  if (target === 'outcome') {
    const loaded = await loadTerm(repos, term, { maxWeeks: last });
    return { weeks: loaded.weeks, set: buildDataset(loaded.weeks, loaded.students, termWeeks, sourceIds) };
  }
  const ids = await scoredTermWeeks(repos, term, last + DISENGAGEMENT_HORIZON_WEEKS);
  const weeks: CohortWeek[] = [];
  for (const week of ids.slice(0, last)) weeks.push(await loadWeek(repos, week, null));
  const histories =
    ids.length === 0
      ? new Map()
      : await repos.scores.historiesBetween(ids[0] as IsoWeek, ids.at(-1) as IsoWeek);
  const byWeek = disengagementByWeek(histories, ids);
  return { weeks, set: buildDisengagementDataset(weeks, byWeek, termWeeks, sourceIds) };
}

/**
 * The students disengaged (Consistently low or Low engagement) at the last of `termWeeks` (the term's scored
 * weeks, oldest first): a future-disengagement model never flags them, they are on those lists already.
 */
export async function disengagedAt(repos: Repositories, termWeeks: readonly IsoWeek[]): Promise<Set<string>> {
  if (termWeeks.length === 0) return new Set();
  const last = termWeeks.at(-1) as IsoWeek;
  const inTerm = new Set<string>(termWeeks);
  const histories = await repos.scores.historiesBetween(termWeeks[0] as IsoWeek, last);
  // Only the latest week is asked about: each student's signals once, on their whole term so far.
  const disengaged = new Set<string>();
  for (const [studentId, points] of histories) {
    const own = points.filter((point) => inTerm.has(point.week));
    if (own.at(-1)?.week === last && isDisengaged(own)) disengaged.add(studentId);
  }
  return disengaged;
}

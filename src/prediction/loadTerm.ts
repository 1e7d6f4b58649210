/**
 * Reads one term from the store for predictive risk: its term weeks in calendar order (week 1 = the term's
 * first calendar week; reading stops at the first unscored week, as `engage evaluate` does), each as a
 * CohortWeek of the stored scores (score, activity, attendance, the breakdown's per-source recent levels)
 * and the week's raw per-source counts and coursework counts; and the term's students with a recorded outcome, labelled bad when
 * they withdrew or failed. Interruptions and unknown results are left out.
 */
import type { Repositories } from '../repositories/index.ts';
import { studentsByTerm, termsInOrder, weeksOfTerm } from '../evaluation/terms.ts';
import type { LabelledStudent } from './dataset.ts';
import type { CourseworkWeek } from '../coursework/courseworkTally.ts';
import type { CohortWeek, CourseworkColumns } from './features.ts';

export interface LoadedTerm {
  term: string;
  weeks: CohortWeek[];
  students: LabelledStudent[];
}

/** The terms with recorded outcomes, in the order they ran (by their first calendar week). */
export async function termsWithOutcomes(repos: Repositories): Promise<string[]> {
  const [outcomes, calendar] = await Promise.all([
    repos.outcomes.listOutcomes(),
    repos.institution.calendar(),
  ]);
  return termsInOrder(calendar, studentsByTerm(outcomes).byTerm.keys());
}

export async function loadTerm(
  repos: Repositories,
  term: string,
  options: { maxWeeks?: number } = {},
): Promise<LoadedTerm> {
  const [outcomes, calendar, scoredWeeks] = await Promise.all([
    repos.outcomes.listOutcomes(),
    repos.institution.calendar(),
    repos.scores.scoredWeeks(),
  ]);
  const students = studentsByTerm(outcomes).byTerm.get(term) ?? [];
  const members = new Set(students.map((student) => student.studentId));
  const scored = new Set(scoredWeeks);
  const termWeeks = weeksOfTerm(calendar, term).slice(0, options.maxWeeks ?? Infinity);
  const weeks: CohortWeek[] = [];
  for (const week of termWeeks) {
    if (!scored.has(week)) break;
    weeks.push(await loadWeek(repos, week, members));
  }
  return { term, weeks, students };
}

/** One week as a CohortWeek: the scored students among `members` (null: every scored student). */
export async function loadWeek(
  repos: Repositories,
  week: string,
  members: ReadonlySet<string> | null,
): Promise<CohortWeek> {
  const [scores, columns, coursework] = await Promise.all([
    repos.scores.scoresForWeek(week),
    repos.measures.columnsForWeek(week),
    repos.coursework.weekCounts(week),
  ]);
  const mine = members === null ? scores : scores.filter((score) => members.has(score.studentId));
  const sourceIds = [
    ...new Set([
      ...mine.flatMap((score) => score.breakdown.sourceIds),
      ...columns.flatMap((shard) => shard.sources.map((source) => source.sourceId)),
    ]),
  ].sort();
  const sourceIndex = new Map(sourceIds.map((id, s) => [id, s]));
  const width = sourceIds.length;
  const n = mine.length;
  const row = new Map(mine.map((score, i) => [score.studentId, i]));
  const levels = new Float64Array(n * width).fill(NaN);
  const counts = new Float64Array(n * width).fill(NaN);
  mine.forEach((score, i) => {
    score.breakdown.sourceIds.forEach((id, s) => {
      const level = score.breakdown.measures[s];
      if (level !== null && level !== undefined) levels[i * width + (sourceIndex.get(id) as number)] = level;
    });
  });
  for (const shard of columns) {
    shard.studentIds.forEach((studentId, j) => {
      const i = row.get(studentId);
      if (i === undefined) return;
      for (const source of shard.sources) {
        counts[i * width + (sourceIndex.get(source.sourceId) as number)] = source.counts[j] as number;
      }
    });
  }
  return {
    week,
    studentIds: mine.map((score) => score.studentId),
    score: Float64Array.from(mine, (score) => score.score),
    activity: Float64Array.from(mine, (score) => score.activity),
    attendancePct: Float64Array.from(mine, (score) => score.attendancePct ?? NaN),
    sourceIds,
    levels,
    counts,
    ...(coursework.length > 0 && {
      coursework: courseworkColumns(
        members === null ? coursework : coursework.filter((row) => members.has(row.studentId)),
      ),
    }),
  };
}

function courseworkColumns(rows: readonly CourseworkWeek[]): CourseworkColumns {
  const column = (field: 'due' | 'onTime' | 'late' | 'marked' | 'markSum') =>
    Float64Array.from(rows, (row) => row[field]);
  return {
    studentIds: rows.map((row) => row.studentId),
    due: column('due'),
    onTime: column('onTime'),
    late: column('late'),
    marked: column('marked'),
    markSum: column('markSum'),
  };
}

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

/**
 * One week as a CohortWeek: the scored students among `members` (null: every scored student), read as
 * columns (no object per score).
 */
export async function loadWeek(
  repos: Repositories,
  week: string,
  members: ReadonlySet<string> | null,
): Promise<CohortWeek> {
  const [scoreShards, measureShards, coursework] = await Promise.all([
    repos.scores.columnsForWeek(week),
    repos.measures.columnsForWeek(week),
    repos.coursework.weekCounts(week),
  ]);
  const sourceIds = [
    ...new Set([
      ...scoreShards.flatMap((shard) => shard.sourceIds),
      ...measureShards.flatMap((shard) => shard.sources.map((source) => source.sourceId)),
    ]),
  ].sort();
  const sourceIndex = new Map(sourceIds.map((id, s) => [id, s]));
  const width = sourceIds.length;
  const keptOf = scoreShards.map((shard) =>
    members === null ? null : shard.studentIds.flatMap((id, j) => (members.has(id) ? [j] : [])),
  );
  const n = scoreShards.reduce((sum, shard, d) => sum + (keptOf[d]?.length ?? shard.studentIds.length), 0);
  const studentIds = new Array<string>(n);
  const score = new Float64Array(n);
  const activity = new Float64Array(n);
  const attendancePct = new Float64Array(n);
  const levels = new Float64Array(n * width).fill(NaN);
  const counts = new Float64Array(n * width).fill(NaN);
  let i = 0;
  scoreShards.forEach((shard, d) => {
    const columns = shard.sourceIds.map((id) => sourceIndex.get(id) as number);
    const shardWidth = columns.length;
    const kept = keptOf[d];
    const m = kept?.length ?? shard.studentIds.length;
    for (let k = 0; k < m; k++, i++) {
      const j = kept === null || kept === undefined ? k : (kept[k] as number);
      studentIds[i] = shard.studentIds[j] as string;
      score[i] = shard.score[j] as number;
      activity[i] = shard.activity[j] as number;
      attendancePct[i] = shard.attendancePct[j] as number;
      for (let s = 0; s < shardWidth; s++) {
        levels[i * width + (columns[s] as number)] = shard.measures[j * shardWidth + s] as number;
      }
    }
  });
  const row = new Map(studentIds.map((id, i) => [id, i]));
  for (const shard of measureShards) {
    const columns = shard.sources.map((source) => sourceIndex.get(source.sourceId) as number);
    shard.studentIds.forEach((studentId, j) => {
      const i = row.get(studentId);
      if (i === undefined) return;
      shard.sources.forEach((source, s) => {
        counts[i * width + (columns[s] as number)] = source.counts[j] as number;
      });
    });
  }
  return {
    week,
    studentIds,
    score,
    activity,
    attendancePct,
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

// Coursework deadlines as risk features: counts from the weekly tally, hand-worked, and the week-k rule
// (a submission or mark dated after week k never changes the features of week k).
import { describe, expect, it } from 'vitest';
import { CourseworkTally, type CourseworkWeek } from '../../src/coursework/courseworkTally.ts';
import { isoWeekStart } from '../../src/domain/isoWeek.ts';
import { dayOfDate } from '../../src/ingest/days.ts';
import { featuresAtWeek, type CohortWeek } from '../../src/prediction/features.ts';

const TERM = ['2026-W01', '2026-W02', '2026-W03', '2026-W04', '2026-W05', '2026-W06', '2026-W07'];
/** Days since 1970 of a weekday (0 = Monday) of a term week (1-based). */
const dayOf = (termWeek: number, weekday: number) =>
  dayOfDate(isoWeekStart(TERM[termWeek - 1] as string)) + weekday;

/** The term's weeks with two scored students and the tally's coursework counts. */
function term(counts: readonly CourseworkWeek[]): CohortWeek[] {
  return TERM.map((week) => {
    const rows = counts.filter((row) => row.week === week);
    const column = (field: 'due' | 'onTime' | 'late' | 'marked' | 'markSum') => rows.map((row) => row[field]);
    return {
      week,
      studentIds: ['s1', 's2'],
      score: [500, 500],
      activity: [1, 1],
      attendancePct: [NaN, NaN],
      sourceIds: [],
      levels: [],
      counts: [],
      coursework: {
        studentIds: rows.map((row) => row.studentId),
        due: column('due'),
        onTime: column('onTime'),
        late: column('late'),
        marked: column('marked'),
        markSum: column('markSum'),
      },
    };
  });
}

/** Deadline A due Wednesday of week 2, B Wednesday of week 3, for both students. */
function tally(): CourseworkTally {
  const t = new CourseworkTally();
  for (const student of ['s1', 's2']) {
    t.addDeadline(student, dayOf(2, 2));
    t.addDeadline(student, dayOf(3, 2));
  }
  // s1: A on time in week 1, marked 70 on Friday of week 3; B a day late (week 3), marked 50 at once.
  t.addSubmission('s1', { dueDay: dayOf(2, 2), submittedDay: dayOf(1, 4), mark: 70, markedDay: dayOf(3, 4) });
  t.addSubmission('s1', { dueDay: dayOf(3, 2), submittedDay: dayOf(3, 3), mark: 50, markedDay: null });
  return t;
}

const coursework = (weeks: readonly CohortWeek[], k: number) => {
  const { names, rows } = featuresAtWeek(weeks, k, ['s1', 's2', 'nobody'], []);
  const pick = (row: ArrayLike<number>) =>
    Object.fromEntries(
      ['deadlines_due', 'deadlines_missed', 'deadlines_late', 'mark_mean', 'mark_present'].map((name) => [
        name,
        row[names.indexOf(name)],
      ]),
    );
  return rows.map(pick);
};

describe('coursework features', () => {
  it('counts deadlines due, missed and late and the marks known by the end of week k', () => {
    const weeks = term(tally().weeks());
    expect(coursework(weeks, 2)).toEqual([
      // s1's mark of A is returned in week 3: not known yet.
      { deadlines_due: 1, deadlines_missed: 0, deadlines_late: 0, mark_mean: 0, mark_present: 0 },
      { deadlines_due: 1, deadlines_missed: 1, deadlines_late: 0, mark_mean: 0, mark_present: 0 },
      { deadlines_due: 0, deadlines_missed: 0, deadlines_late: 0, mark_mean: 0, mark_present: 0 },
    ]);
    expect(coursework(weeks, 4)).toEqual([
      // B was late, so not missed; the marks 70 and 50 average 60.
      { deadlines_due: 2, deadlines_missed: 0, deadlines_late: 1, mark_mean: 60, mark_present: 1 },
      { deadlines_due: 2, deadlines_missed: 2, deadlines_late: 0, mark_mean: 0, mark_present: 0 },
      { deadlines_due: 0, deadlines_missed: 0, deadlines_late: 0, mark_mean: 0, mark_present: 0 },
    ]);
  });

  it('counts the deadlines of the last four term weeks that were not met on time', () => {
    const weeks = term(tally().weeks());
    const recent = (k: number) =>
      featuresAtWeek(weeks, k, ['s1', 's2', 'nobody'], []).rows.map(
        (row) => row[featuresAtWeek(weeks, k, [], []).names.indexOf('deadlines_missed_recent')],
      );
    // s1 met A (week 2) on time and handed B (week 3) in late; s2 met neither.
    expect(recent(3)).toEqual([1, 2, 0]);
    // Week 6 looks at weeks 3..6: only B; week 7 at weeks 4..7: none.
    expect(recent(6)).toEqual([1, 1, 0]);
    expect(recent(7)).toEqual([0, 0, 0]);
  });

  it('never lets a submission or mark dated after week k change the features of week k', () => {
    const before = term(tally().weeks());
    const later = tally();
    // s2 hands in A late on Tuesday of week 4, marked 90 at once.
    later.addSubmission('s2', { dueDay: dayOf(2, 2), submittedDay: dayOf(4, 1), mark: 90, markedDay: null });
    const after = term(later.weeks());
    for (const k of [1, 2, 3]) expect(coursework(after, k)).toEqual(coursework(before, k));
    expect(coursework(after, 4)[1]).toEqual({
      deadlines_due: 2,
      deadlines_missed: 1,
      deadlines_late: 1,
      mark_mean: 90,
      mark_present: 1,
    });
  });

  it('gives everyone the same neutral values without a deadlines feed', () => {
    const weeks = term([]).map(({ coursework: _, ...week }) => week);
    expect(new Set(coursework(weeks, 4).map((row) => JSON.stringify(row))).size).toBe(1);
    expect(coursework(weeks, 4)[0]).toEqual({
      deadlines_due: 0,
      deadlines_missed: 0,
      deadlines_late: 0,
      mark_mean: 0,
      mark_present: 0,
    });
  });
});

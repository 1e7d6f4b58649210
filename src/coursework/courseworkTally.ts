/**
 * Coursework deadlines reduced to weekly counts per student (issue 17): for each student and ISO week, how
 * many deadlines fell due, how many of those the student had met on time, how many submissions came in
 * late, and the marks that became known that week (their count and sum). Only numbers are kept, never
 * what was submitted. Each count is filed under the week its fact became known, so features of week k
 * that read weeks 1..k never see a later submission or mark: a deadline met on time is known at the
 * deadline, a late submission when it arrives, a mark when it is returned (the submission's date when the
 * feed gives no marking date). See docs/coursework.md.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { isoWeekOfWeekNumber, weekOfDay } from '../ingest/days.ts';

/** One student's coursework counts for one ISO week. */
export interface CourseworkWeek {
  studentId: string;
  week: IsoWeek;
  /** Deadlines that fell due this week. */
  due: number;
  /** Of those, the ones the student had submitted by the due day. */
  onTime: number;
  /** Submissions made this week after their deadline. */
  late: number;
  /** Marks that became known this week, and their sum (marks are percentages, 0..100). */
  marked: number;
  markSum: number;
}

/** A submission as the tally reads it; days are days since 1970-01-01 (UTC). */
export interface SubmissionFacts {
  /** The deadline's due day, or null when the assessment has none (e.g. an exam without a date). */
  dueDay: number | null;
  submittedDay: number;
  /** The mark as a percentage, or null when not (yet) marked. */
  mark: number | null;
  /** The day the mark was returned; null: the submission day. */
  markedDay: number | null;
}

type Counts = Omit<CourseworkWeek, 'studentId' | 'week'>;

export class CourseworkTally {
  private readonly byStudent = new Map<string, Map<number, Counts>>();

  private counts(studentId: string, day: number): Counts {
    const week = weekOfDay(day);
    let weeks = this.byStudent.get(studentId);
    if (!weeks) this.byStudent.set(studentId, (weeks = new Map()));
    let counts = weeks.get(week);
    if (!counts) weeks.set(week, (counts = { due: 0, onTime: 0, late: 0, marked: 0, markSum: 0 }));
    return counts;
  }

  /** A deadline the student is expected to meet, due on `dueDay`. */
  addDeadline(studentId: string, dueDay: number): void {
    this.counts(studentId, dueDay).due += 1;
  }

  /** A submission of the student's (its deadline, if any, is added separately with addDeadline). */
  addSubmission(studentId: string, submission: SubmissionFacts): void {
    const { dueDay, submittedDay, mark, markedDay } = submission;
    if (dueDay !== null) {
      if (submittedDay <= dueDay) this.counts(studentId, dueDay).onTime += 1;
      else this.counts(studentId, submittedDay).late += 1;
    }
    if (mark !== null) {
      const counts = this.counts(studentId, Math.max(submittedDay, markedDay ?? submittedDay));
      counts.marked += 1;
      counts.markSum += mark;
    }
  }

  /** Every student-week with a count, by student then week. */
  weeks(): CourseworkWeek[] {
    return [...this.byStudent].flatMap(([studentId, weeks]) =>
      [...weeks]
        .sort(([a], [b]) => a - b)
        .map(([week, counts]) => ({ studentId, week: isoWeekOfWeekNumber(week), ...counts })),
    );
  }
}

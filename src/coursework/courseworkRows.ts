/**
 * One row of a coursework feed (CSV: student, assessment, due, submitted, mark, marked): one student's
 * assessment with its deadline, when they submitted it and the mark if returned. Validated field by field;
 * a row that fails says which field and why, and is quarantined by the caller. Dates are YYYY-MM-DD (a
 * time of day is accepted and only its day kept); `due` empty means the assessment has no deadline (e.g.
 * an exam), `submitted` empty means not (yet) submitted. The mark is a percentage from 0 to 100. See
 * docs/coursework.md.
 */
import { z } from 'zod';
import { parseTimestampDay } from '../ingest/rows.ts';
import type { SubmissionFacts } from './courseworkTally.ts';

export const COURSEWORK_COLUMNS = {
  required: ['student', 'assessment', 'due'],
  optional: ['submitted', 'mark', 'marked'],
} as const;

/** An optional date: null when empty, else its day since 1970-01-01. */
const optionalDay = z
  .string()
  .trim()
  .transform((text, context) => {
    if (text === '') return null;
    const day = parseTimestampDay(text);
    if (day === null)
      context.addIssue({ code: 'custom', message: 'must be a date such as 2026-11-03 (2000 to 2099)' });
    return day ?? z.NEVER;
  });

const optionalMark = z
  .string()
  .trim()
  .transform((text, context) => {
    if (text === '') return null;
    const mark = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || mark > 100)
      context.addIssue({ code: 'custom', message: 'must be a mark from 0 to 100' });
    return mark;
  });

const fields = z.object({
  student: z.string().trim().min(1, 'is empty'),
  assessment: z.string().trim().min(1, 'is empty').max(100, 'is longer than 100 characters'),
  due: optionalDay,
  submitted: optionalDay.default(null),
  mark: optionalMark.default(null),
  marked: optionalDay.default(null),
});

export interface CourseworkRow {
  studentId: string;
  assessment: string;
  dueDay: number | null;
  /** Null when the student has not submitted. */
  submission: SubmissionFacts | null;
}

export type CourseworkRowVerdict = { row: CourseworkRow } | { field: string | null; reason: string };

/** The coursework a row records, or the field at fault and why. `isStudent` says whether an id is enrolled. */
export function readCourseworkRow(
  values: Readonly<Record<string, string>>,
  isStudent: (id: string) => boolean,
): CourseworkRowVerdict {
  const parsed = fields.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = typeof issue?.path[0] === 'string' ? issue.path[0] : null;
    return { field, reason: `${field ?? 'row'} ${issue?.message ?? 'is invalid'}` };
  }
  const { student, assessment, due, submitted, mark, marked } = parsed.data;
  if (!isStudent(student)) return { field: 'student', reason: `unknown student "${student}"` };
  if (submitted === null && mark !== null)
    return { field: 'mark', reason: 'a mark needs the date the work was submitted' };
  if (mark === null && marked !== null) return { field: 'marked', reason: 'a marking date needs a mark' };
  if (submitted !== null && marked !== null && marked < submitted)
    return { field: 'marked', reason: 'is before the work was submitted' };
  return {
    row: {
      studentId: student,
      assessment,
      dueDay: due,
      submission:
        submitted === null ? null : { dueDay: due, submittedDay: submitted, mark, markedDay: marked },
    },
  };
}

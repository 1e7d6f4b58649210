/**
 * One row of an outcomes feed (CSV: student, term, outcome, date): a student's result for a term, as the
 * registry records it. Validated field by field; a row that fails says which field and why, and is
 * quarantined by the caller. `date` (YYYY-MM-DD) is when the student withdrew or interrupted, required
 * for those two outcomes and optional otherwise.
 */
import { z } from 'zod';
import { isoWeekOfWeekNumber, weekOfDay } from '../ingest/days.ts';
import { parseTimestampDay } from '../ingest/rows.ts';
import type { StudentOutcome } from '../repositories/outcomes.ts';
import { OUTCOME_KINDS, type OutcomeKind } from './outcomeKinds.ts';

export const OUTCOME_COLUMNS = { required: ['student', 'term', 'outcome'], optional: ['date'] } as const;

/** A date without a time: the feed records the day, and the day fixes the week. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const fields = z.object({
  student: z.string().trim().min(1, 'is empty'),
  term: z.string().trim().min(1, 'is empty').max(100, 'is longer than 100 characters'),
  outcome: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(OUTCOME_KINDS, { message: `must be one of ${OUTCOME_KINDS.join(', ')}` })),
  date: z
    .string()
    .trim()
    .refine(
      (text) => text === '' || (DATE_ONLY.test(text) && parseTimestampDay(text) !== null),
      'must be a date such as 2026-11-03 (2000 to 2099)',
    )
    .optional(),
});

export type OutcomeRowVerdict = { outcome: StudentOutcome } | { field: string | null; reason: string };

/** The outcome a row records, or the field at fault and why. `isStudent` says whether an id is enrolled. */
export function readOutcomeRow(
  values: Readonly<Record<string, string>>,
  isStudent: (id: string) => boolean,
): OutcomeRowVerdict {
  const parsed = fields.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = typeof issue?.path[0] === 'string' ? issue.path[0] : null;
    return { field, reason: `${field ?? 'row'} ${issue?.message ?? 'is invalid'}` };
  }
  const { student, term, outcome, date } = parsed.data;
  if (!isStudent(student)) return { field: 'student', reason: `unknown student "${student}"` };
  const dated = date !== undefined && date !== '';
  if (!dated && (outcome === 'withdrawn' || outcome === 'interrupted')) {
    return { field: 'date', reason: `a ${outcome} outcome needs the date it happened` };
  }
  return {
    outcome: {
      studentId: student,
      term,
      finalResult: outcome satisfies OutcomeKind,
      unregisteredWeek:
        outcome === 'withdrawn' && dated
          ? isoWeekOfWeekNumber(weekOfDay(parseTimestampDay(date) as number))
          : null,
      details: { source: 'outcomes-feed', ...(dated ? { date } : {}) },
    },
  };
}

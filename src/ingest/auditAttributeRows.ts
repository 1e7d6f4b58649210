/**
 * One row of an audit-attributes file (CSV: student, term, then one column per attribute, e.g. gender,
 * disability, age_band, imd_band): validated field by field with zod; a row that fails says which field
 * and why. An empty cell means "not recorded" and clears a value recorded before. The header decides the
 * attribute names: lower-case letters, digits and _ (spaces become _), so they read as plain column names.
 */
import { z } from 'zod';
import { ATTRIBUTE_NAME } from '../repositories/auditAttributes.ts';

export const KEY_COLUMNS = ['student', 'term'] as const;
/** Longest value kept: a band or a category, never free text. */
export const MAX_VALUE_LENGTH = 100;

/** The header's column names as attribute names ("Age Band" → "age_band"), or why the header is unusable. */
export function attributeColumns(header: readonly string[]): { columns: string[] } | { reason: string } {
  const names = header.map(columnName);
  const missing = KEY_COLUMNS.filter((key) => !names.includes(key));
  if (missing.length > 0)
    return {
      reason: `the header has no ${missing.join(', ')} column (student, term, then one column per attribute)`,
    };
  const columns = names.filter((name) => !(KEY_COLUMNS as readonly string[]).includes(name));
  if (columns.length === 0) return { reason: 'the header names no attribute column after student and term' };
  const bad = columns.find((name) => !ATTRIBUTE_NAME.test(name));
  if (bad !== undefined)
    return {
      reason: `column "${bad}" is not an attribute name: start with a letter; letters, digits and _ only, at most 40`,
    };
  const twice = columns.find((name, i) => columns.indexOf(name) !== i);
  if (twice !== undefined) return { reason: `column "${twice}" appears twice` };
  return { columns };
}

export function columnName(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, '_');
}

const attributeValue = z
  .string()
  .trim()
  .max(MAX_VALUE_LENGTH, `is longer than ${MAX_VALUE_LENGTH} characters`)
  .refine((text) => !/\p{Cc}/u.test(text), 'holds a control character');

export type AttributeRowVerdict =
  | { studentId: string; term: string; values: Record<string, string | null> }
  | { field: string | null; reason: string };

/**
 * The values a row records, or the field at fault and why. `values` are keyed by attribute name (see
 * columnName); `isStudent` and `isTerm` say whether an id is enrolled and a term is in the calendar.
 */
export function readAttributeRow(
  values: Readonly<Record<string, string>>,
  columns: readonly string[],
  isStudent: (id: string) => boolean,
  terms: readonly string[],
): AttributeRowVerdict {
  const schema = z.object({
    student: z.string().trim().min(1, 'is empty'),
    term: z
      .string()
      .trim()
      .min(1, 'is empty')
      .refine((term) => terms.includes(term), {
        message: `is not a term in the calendar (${terms.slice(-4).join(', ') || 'none yet'})`,
      }),
    ...Object.fromEntries(columns.map((column) => [column, attributeValue])),
  });
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = typeof issue?.path[0] === 'string' ? issue.path[0] : null;
    return { field, reason: `${field ?? 'row'} ${issue?.message ?? 'is invalid'}` };
  }
  const row = parsed.data as Record<string, string>;
  const studentId = row.student as string;
  if (!isStudent(studentId)) return { field: 'student', reason: `unknown student "${studentId}"` };
  return {
    studentId,
    term: row.term as string,
    values: Object.fromEntries(
      columns.map((column) => [column, row[column] === '' ? null : (row[column] as string)]),
    ),
  };
}

/**
 * The OULAD files Engage reads and the zod schema of each one's rows. Values arrive as CSV strings; a
 * missing value is empty or `?`. Only the columns the import needs are checked: demographics other than
 * the highest education (the entry band) are not read.
 */
import { z } from 'zod';

/** The tables the import reads (vle.csv, what each VLE resource is, is deliberately not read). */
export const OULAD_TABLES = [
  'courses',
  'studentInfo',
  'studentRegistration',
  'assessments',
  'studentVle',
  'studentAssessment',
] as const;
export type OuladTable = (typeof OULAD_TABLES)[number];

const MISSING = new Set(['', '?']);

/** A whole number written as text, at least `min` when given. */
function wholeNumber(min?: number) {
  return z.string().transform((raw, context) => {
    const text = raw.trim();
    const value = Number(text);
    if (MISSING.has(text)) context.addIssue({ code: 'custom', message: 'is missing' });
    else if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value))
      context.addIssue({ code: 'custom', message: `"${raw}" is not a whole number` });
    else if (min !== undefined && value < min)
      context.addIssue({ code: 'custom', message: `${value} is below ${min}` });
    else return value;
    return z.NEVER;
  });
}

/** A day relative to the module start. */
const day = wholeNumber();
const identifier = wholeNumber(0);

/** A day relative to the module start, or null when missing. */
const optionalDay = z.string().transform((raw, context) => {
  if (MISSING.has(raw.trim())) return null;
  const parsed = day.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', message: issue.message });
  return z.NEVER;
});
/** A mark out of 100, or null when missing (not marked). */
const optionalMark = z.string().transform((raw, context) => {
  const text = raw.trim();
  if (MISSING.has(text)) return null;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value > 100)
    context.addIssue({ code: 'custom', message: `"${raw}" is not a mark from 0 to 100` });
  else return value;
  return z.NEVER;
});
const moduleCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]+$/, 'is not a module code');
/** A presentation: the year and B (starting in February) or J (starting in October). */
const presentationCode = z
  .string()
  .trim()
  .regex(/^\d{4}[BJ]$/, 'is not a presentation code such as 2013J');

export const HIGHEST_EDUCATION = [
  'No Formal quals',
  'Lower Than A Level',
  'A Level or Equivalent',
  'HE Qualification',
  'Post Graduate Qualification',
] as const;

export const FINAL_RESULTS = ['Pass', 'Fail', 'Withdrawn', 'Distinction'] as const;

export const ROW_SCHEMAS = {
  courses: z.object({
    code_module: moduleCode,
    code_presentation: presentationCode,
    module_presentation_length: wholeNumber(1),
  }),
  studentInfo: z.object({
    code_module: moduleCode,
    code_presentation: presentationCode,
    id_student: identifier,
    highest_education: z.enum(HIGHEST_EDUCATION),
    final_result: z.enum(FINAL_RESULTS),
  }),
  studentRegistration: z.object({
    code_module: moduleCode,
    code_presentation: presentationCode,
    id_student: identifier,
    date_registration: optionalDay,
    date_unregistration: optionalDay,
  }),
  assessments: z.object({
    code_module: moduleCode,
    code_presentation: presentationCode,
    id_assessment: identifier,
    /** The due day; exams often have none. */
    date: optionalDay,
  }),
  studentVle: z.object({
    code_module: moduleCode,
    code_presentation: presentationCode,
    id_student: identifier,
    date: day,
    sum_click: wholeNumber(0),
  }),
  studentAssessment: z.object({
    id_assessment: identifier,
    id_student: identifier,
    date_submitted: day,
    score: optionalMark,
  }),
} as const satisfies Record<OuladTable, z.ZodType>;

export type OuladRow<T extends OuladTable> = z.output<(typeof ROW_SCHEMAS)[T]>;

/** The columns a table's rows must have. */
export function requiredColumns(table: OuladTable): string[] {
  return Object.keys(ROW_SCHEMAS[table].shape);
}

/**
 * What a "known reason" exemption may be: one of five reason categories, a short note, and a last day
 * that is after today and at most eight weeks ahead. The chat action schema checks the shape at the
 * boundary; `exemptionEndProblem` checks the last day against today (the boundary cannot know "today"),
 * and the exemption service checks everything again before storing.
 */
import { z } from 'zod';
import { isCalendarDay, shiftDay } from './calendarDays.ts';

export const EXEMPTION_CATEGORIES = [
  'illness',
  'bereavement',
  'placement',
  'caring-responsibility',
  'other',
] as const;
export type ExemptionCategory = (typeof EXEMPTION_CATEGORIES)[number];

export const EXEMPTION_CATEGORY_LABELS: Record<ExemptionCategory, string> = {
  illness: 'illness',
  bereavement: 'bereavement',
  placement: 'placement',
  'caring-responsibility': 'caring responsibility',
  other: 'other',
};

/** The longest note (the action schema enforces the same). */
export const EXEMPTION_NOTE_MAX = 200;
/** The furthest last day: eight weeks from today. */
export const EXEMPTION_MAX_DAYS = 56;

/** A last day as typed or picked: yyyy-mm-dd and a real date. */
export const exemptionDaySchema = z
  .string()
  .trim()
  .refine(isCalendarDay, { message: 'Please enter the last day as a date, yyyy-mm-dd.' });

/** Everything an exemption is set with, checked against `today` (yyyy-mm-dd). */
export function exemptionInputSchema(today: string) {
  const latest = shiftDay(today, EXEMPTION_MAX_DAYS);
  return z.object({
    category: z.enum(EXEMPTION_CATEGORIES),
    note: z.string().trim().max(EXEMPTION_NOTE_MAX),
    until: exemptionDaySchema
      .refine((day) => day > today, { message: `The last day must be after today (${today}).` })
      .refine((day) => day <= latest, {
        message: `The last day can be at most 8 weeks ahead: ${latest} or earlier.`,
      }),
  });
}

/** Why the last day will not do, in words for the user, or null when it will. */
export function exemptionEndProblem(until: string, today: string): string | null {
  const result = exemptionInputSchema(today).shape.until.safeParse(until);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Please check the last day.');
}

/** "Exempt until 2026-12-20 (illness)": the marker on the student card. */
export function exemptUntilLine(exemption: { lastDay: string; category: ExemptionCategory }): string {
  return `Exempt until ${exemption.lastDay} (${EXEMPTION_CATEGORY_LABELS[exemption.category]})`;
}

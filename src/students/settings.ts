/**
 * What an institution lets its students see of themselves in chat: whether the student view is on at all
 * (off until the institution switches it on), whether the numeric score is shown beside the words, and
 * the wording of the "who to contact" line. Validated here; stored with who, when and why by
 * repositories/studentViewSettings.ts.
 */
import { z } from 'zod';

export const CONTACT_LINE_MAX = 300;

export interface StudentViewSettings {
  /** Students recognised by their email may open their own view in a personal chat. */
  enabled: boolean;
  /** Show the 0–1,000 score and a score axis on the chart; otherwise words and the chart's shape only. */
  showScore: boolean;
  /** Who to contact, as the institution words it. */
  contactLine: string;
}

export const DEFAULT_STUDENT_VIEW_SETTINGS: StudentViewSettings = {
  enabled: false,
  showScore: false,
  contactLine:
    'If anything here worries you, or you would like support, talk to your personal tutor or contact Student Support.',
};

const settingsSchema = z.object({
  enabled: z.boolean(),
  showScore: z.boolean(),
  contactLine: z
    .string()
    .trim()
    .min(1, 'the contact line cannot be empty')
    .max(CONTACT_LINE_MAX, `the contact line must be ${CONTACT_LINE_MAX} characters or fewer`),
});

/** The settings, or an Error naming the field at fault. */
export function parseStudentViewSettings(value: unknown): StudentViewSettings {
  const result = settingsSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Error(
    `student view settings: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`,
  );
}

/** Plain words for each setting, for the CLI, chat and history. */
export const SETTING_LABELS: Record<keyof StudentViewSettings, string> = {
  enabled: 'student view',
  showScore: 'numeric score shown to students',
  contactLine: 'contact line',
};

/** The settings in words, one line each. */
export function describeSettings(settings: StudentViewSettings): string[] {
  return [
    `Student view: ${settings.enabled ? 'on' : 'off'}`,
    `Numeric score shown to students: ${settings.showScore ? 'yes' : 'no (words and the chart only)'}`,
    `Contact line: ${settings.contactLine}`,
  ];
}

/** A change as typed: `on`, `off`, `score on`, `score off` or `contact <text>`; null when it is none of them. */
export function parseSettingChange(text: string): Partial<StudentViewSettings> | null {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (lower === 'on' || lower === 'off') return { enabled: lower === 'on' };
  if (lower === 'score on' || lower === 'score off') return { showScore: lower === 'score on' };
  const contact = /^contact\s+(.+)$/is.exec(trimmed);
  if (contact?.[1]) return { contactLine: contact[1].trim().replace(/^"(.*)"$/s, '$1') };
  return null;
}

/**
 * How long each kind of data is kept: one period per kind, from the environment (`RETENTION_*`), each a
 * whole number of days, weeks, months or years ("90d", "26w", "18m", "3y"). Read with the rest of the
 * configuration at start-up, so a bad value refuses to start naming the variable (config/env.ts).
 */
import { z } from 'zod';

export type RetentionKind =
  'weeklyCounts' | 'scores' | 'audit' | 'cases' | 'contacts' | 'quarantine' | 'deliveries' | 'chartData';

export interface RetentionPeriod {
  amount: number;
  unit: 'd' | 'w' | 'm' | 'y';
  /** As configured, e.g. "3y". */
  text: string;
}

/** Each kind's variable and default period. */
export const RETENTION_SETTINGS: Record<
  RetentionKind,
  { variable: string; fallback: string; label: string }
> = {
  weeklyCounts: { variable: 'RETENTION_WEEKLY_COUNTS', fallback: '3y', label: 'weekly counts' },
  scores: { variable: 'RETENTION_SCORES', fallback: '3y', label: 'scores and predictions' },
  audit: { variable: 'RETENTION_AUDIT', fallback: '6y', label: 'audit of views' },
  cases: { variable: 'RETENTION_CASES', fallback: '6y', label: 'closed cases' },
  contacts: { variable: 'RETENTION_CONTACTS', fallback: '6y', label: 'contacts' },
  quarantine: { variable: 'RETENTION_QUARANTINE', fallback: '90d', label: 'quarantined raw rows' },
  deliveries: { variable: 'RETENTION_DELIVERIES', fallback: '1y', label: 'delivery records' },
  chartData: { variable: 'RETENTION_CHART_DATA', fallback: '30d', label: 'chart data' },
};

const PERIOD = /^(\d{1,5})([dwmy])$/;
/** Nothing is kept for longer than this. */
const MAX_DAYS = 100 * 366;
const DAYS_PER_UNIT = { d: 1, w: 7, m: 31, y: 366 } as const;

export function parsePeriod(text: string): RetentionPeriod | null {
  const match = PERIOD.exec(text.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = match[2] as RetentionPeriod['unit'];
  if (amount < 1 || amount * DAYS_PER_UNIT[unit] > MAX_DAYS) return null;
  return { amount, unit, text: `${amount}${unit}` };
}

const period = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, context) => {
      const parsed = parsePeriod(text);
      if (parsed === null) {
        context.addIssue({
          code: 'custom',
          message: 'expected a period of at least one day and at most 100 years, such as 90d, 26w, 18m or 3y',
        });
        return z.NEVER;
      }
      return parsed;
    });

/** The `RETENTION_*` variables, for the service's configuration schema. */
export const RetentionEnvSchema = {
  RETENTION_WEEKLY_COUNTS: period(RETENTION_SETTINGS.weeklyCounts.fallback),
  RETENTION_SCORES: period(RETENTION_SETTINGS.scores.fallback),
  RETENTION_AUDIT: period(RETENTION_SETTINGS.audit.fallback),
  RETENTION_CASES: period(RETENTION_SETTINGS.cases.fallback),
  RETENTION_CONTACTS: period(RETENTION_SETTINGS.contacts.fallback),
  RETENTION_QUARANTINE: period(RETENTION_SETTINGS.quarantine.fallback),
  RETENTION_DELIVERIES: period(RETENTION_SETTINGS.deliveries.fallback),
  RETENTION_CHART_DATA: period(RETENTION_SETTINGS.chartData.fallback),
};

type RetentionEnv = { [K in keyof typeof RetentionEnvSchema]: RetentionPeriod };

/** The configured period of every kind. */
export function retentionPeriods(env: RetentionEnv): Record<RetentionKind, RetentionPeriod> {
  return Object.fromEntries(
    (Object.keys(RETENTION_SETTINGS) as RetentionKind[]).map((kind) => [
      kind,
      env[RETENTION_SETTINGS[kind].variable as keyof RetentionEnv],
    ]),
  ) as Record<RetentionKind, RetentionPeriod>;
}

/**
 * Service configuration read from the environment once at start-up and validated with zod. A bad value
 * refuses to start with a message naming every offending variable and what it got — except for secrets,
 * whose values are never printed; `.env.example` documents them all.
 */
import { z } from 'zod';
import { redactValue } from './redact.ts';
import { RetentionEnvSchema } from './retention.ts';

const flag = z
  .enum(['0', '1', 'true', 'false'], { message: 'expected 1/0 or true/false' })
  .transform((value) => value === '1' || value === 'true');

const durationMs = (fallback: number) =>
  z.coerce.number({ message: 'expected a number of milliseconds' }).int().positive().default(fallback);

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const guid = z.string().regex(GUID, 'expected a GUID such as 00000000-0000-0000-0000-000000000000');

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce
    .number({ message: 'expected a port number' })
    .int()
    .min(0)
    .max(65535, 'expected a port number from 0 to 65535')
    .default(3978),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// connection string')
    .optional(),
  PUBLIC_BASE_URL: z.url({ message: 'expected an absolute http(s) URL' }).optional(),
  CHART_SIGNING_KEY: z
    .string()
    .min(32, 'expected at least 32 characters, e.g. from openssl rand -base64 48')
    .optional(),
  LOCAL_MODE: flag.default(false),
  TIMEZONE: z
    .string()
    .refine(isTimeZone, 'expected an IANA time zone such as Europe/London')
    .default('Europe/London'),
  DIGEST_CRON: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, 'expected a five-field cron expression such as "0 8 * * 1"')
    .default('0 8 * * 1'),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'expected a Slack bot token starting with xoxb-')
    .optional(),
  MICROSOFT_APP_ID: guid.optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TENANT_ID: guid.optional(),
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant']).default('SingleTenant'),
  TEAMS_ALLOWED_TENANTS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((tenant) => tenant.trim())
        .filter((tenant) => tenant !== ''),
    )
    .refine(
      (tenants) => tenants.every((tenant) => GUID.test(tenant)),
      'expected a comma-separated list of tenant GUIDs',
    )
    .optional(),
  /** Days a claim on a student ("I'll contact") lasts without a contact before it lapses. */
  CLAIM_LAPSE_DAYS: z.coerce
    .number({ message: 'expected a whole number of days' })
    .int('expected a whole number of days')
    .min(1, 'expected 1 to 60 days')
    .max(60, 'expected 1 to 60 days')
    .default(7),
  JOBS_LOCK_LIFETIME_MS: durationMs(10 * 60_000),
  JOBS_PROCESS_EVERY_MS: durationMs(30_000),
  SHUTDOWN_TIMEOUT_MS: durationMs(30_000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'expected an smtp:// or smtps:// URL such as smtp://mail.example.ac.uk:587')
    .optional(),
  EMAIL_FROM: z
    .string()
    .regex(
      /^([^<>]*<)?[^@\s<>]+@[^@\s<>]+>?$/,
      'expected an email address, e.g. "Engage <engage@example.ac.uk>"',
    )
    .optional(),
  // How long each kind of data is kept (config/retention.ts).
  ...RetentionEnvSchema,
});

export type Env = z.infer<typeof EnvSchema>;

/** Variables holding keys, tokens or passwords: a problem with one never shows its value. */
const SECRETS: ReadonlySet<string> = new Set([
  'CHART_SIGNING_KEY',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'MICROSOFT_APP_PASSWORD',
  'SMTP_URL',
]);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing each bad variable with its reason. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env, overrides: Partial<Env> = {}): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const given = source[name];
        if (given === undefined) return `${name}: ${issue.message}`;
        if (SECRETS.has(name)) return `${name}: ${issue.message} (got ${given.length} characters, not shown)`;
        return `${name}: ${issue.message} (got "${redactValue(given)}")`;
      }),
    );
  }
  return { ...result.data, ...stripUndefined(overrides) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

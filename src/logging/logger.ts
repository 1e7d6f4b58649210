/**
 * Structured logging with pino. Logs carry no personal data: the project logs ids and counts only, and as
 * a second line of defence any field named like personal data is censored wherever it appears. Logs go to
 * standard error unless told otherwise: standard output is the commands' own (`--json` must stay JSON).
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Field names that would carry personal data if someone logged a whole record by mistake. */
const PERSONAL_FIELDS = ['name', 'email', 'note', 'notes', 'text', 'firstName', 'lastName', 'displayName'];

export const REDACT_PATHS = PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'engage' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/**
 * A source's feed configuration: which format its deliveries are in and what the institution calls each
 * column (every system names them differently), how it maps its own source and status codes, where its
 * files land and how many deliveries a week to expect. zod-validated; stored per source.
 */
import { z } from 'zod';

export const FEED_FORMATS = ['attendance', 'activity', 'swipes'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** The fields each format reads; optional ones may be left unmapped. */
export const FORMAT_FIELDS = {
  attendance: { required: ['student', 'session', 'start', 'status'], optional: [] },
  activity: { required: ['student', 'timestamp'], optional: ['source', 'count'] },
  swipes: { required: ['student', 'timestamp', 'location'], optional: [] },
} as const satisfies Record<FeedFormat, { required: readonly string[]; optional: readonly string[] }>;

export const ATTENDANCE_STATUSES = ['present', 'late', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

const name = z.string().trim().min(1);
const cron = z
  .string()
  .regex(/^(\S+\s+){4}\S+$/, 'expected a five-field cron expression')
  .default('0 2 * * *');
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name');
const httpsUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' });

/** Pull connectors, run by the `ingest-source` job on their cron; a source has at most one. */
export const PULL_CONNECTORS = ['landing', 'sftp', 'moodle', 'canvas', 'graph'] as const;

const CONNECTOR_FIELDS = {
  /** A remote SFTP directory pulled by the `ingest-source` job; processed files move to `archiveDir`. */
  sftp: z
    .object({
      host: name,
      port: z.number().int().min(1).max(65535).default(22),
      username: name,
      /** `SHA256:<base64>` as `ssh-keygen -lf` prints it; any other host key is refused. */
      hostKeySha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'expected SHA256:<base64 digest>'),
      privateKeyPath: name.optional(),
      passwordEnv: envName.optional(),
      dir: name,
      archiveDir: name,
      completion: z.enum(['rename', 'marker']).default('rename'),
      cron,
    })
    .refine((sftp) => sftp.privateKeyPath !== undefined || sftp.passwordEnv !== undefined, {
      message: 'needs privateKeyPath or passwordEnv',
    })
    .optional(),
  /** The xAPI statements endpoint: Basic auth per source and how statements map to counts. */
  xapi: z
    .object({
      username: name,
      /** `scrypt$<salt hex>$<key hex>` (engage sources hash-password); never the password itself. */
      passwordHash: z.string().regex(/^scrypt\$[0-9a-f]{16,}\$[0-9a-f]{64}$/, 'expected scrypt$<salt>$<key>'),
      /** Verb IRI → the Engage source the statement counts for; the default covers Moodle and Jisc verbs. */
      verbs: z.record(name, name).optional(),
      /** Activity type IRI → Engage source, taking precedence over the verb. */
      activityTypes: z.record(name, name).default({}),
    })
    .optional(),
  /** Moodle web services: enrolled users' last access and assignment submissions of the given courses. */
  moodle: z
    .object({
      baseUrl: httpsUrl,
      tokenEnv: envName,
      courseIds: z.array(z.number().int().positive()).min(1),
      /** The Moodle user field holding the Engage student id. */
      studentField: z.enum(['idnumber', 'username', 'email']).default('idnumber'),
      /** The Engage source submissions count for (also listed in sourceValues); none: not fetched. */
      submissionsSourceId: name.optional(),
      cron,
    })
    .optional(),
  /** Canvas REST: per-student page views (course analytics) and submissions of the account's courses. */
  canvas: z
    .object({
      baseUrl: httpsUrl,
      tokenEnv: envName,
      /** Only these courses; all the token's courses when absent. */
      courseIds: z.array(z.number().int().positive()).optional(),
      submissionsSourceId: name.optional(),
      cron,
    })
    .optional(),
  /** Microsoft Graph Teams user activity (last 7 days), app-only token by client credentials. */
  graph: z
    .object({
      tenantId: name,
      clientId: name,
      clientSecretEnv: envName,
      /** The Engage student id is the user principal name's part before the @ (or the whole UPN). */
      studentFrom: z.enum(['upnLocalPart', 'upn']).default('upnLocalPart'),
      cron,
    })
    .optional(),
};

export const FeedConfigSchema = z
  .object({
    sourceId: name,
    format: z.enum(FEED_FORMATS),
    /** Engage field → the column (or API field) name the institution uses; unmapped fields keep their name. */
    columns: z.record(z.string(), name).default({}),
    /** Activity: the value of the source column → the Engage source id it counts for. */
    sourceValues: z.record(name, name).optional(),
    /** Attendance: the institution's status codes (e.g. "P", "L") → the status they mean. */
    statusValues: z.record(z.string(), z.enum(ATTENDANCE_STATUSES)).default({}),
    expectedDeliveriesPerWeek: z.number().int().min(1).max(50).default(1),
    /** A landing directory watched by the `ingest-source` job, and where processed files are moved. */
    landing: z
      .object({
        dir: name,
        archiveDir: name,
        /** `rename`: a file counts once it has its final name; `marker`: once `<name>.done` exists. */
        completion: z.enum(['rename', 'marker']).default('rename'),
        cron: z
          .string()
          .regex(/^(\S+\s+){4}\S+$/, 'expected a five-field cron expression')
          .default('0 2 * * *'),
      })
      .optional(),
    /** Network connectors (adapters/{sftp,xapi,moodle,canvas,graph}); secrets are named env variables. */
    ...CONNECTOR_FIELDS,
  })
  .superRefine((feed, context) => {
    const pulls = PULL_CONNECTORS.filter((kind) => feed[kind] !== undefined);
    if (pulls.length > 1) {
      context.addIssue({
        code: 'custom',
        path: [pulls[1] as string],
        message: `a source is fed by one pull connector, not ${pulls.join(' and ')}`,
      });
    }
    for (const kind of ['moodle', 'canvas'] as const) {
      const target = feed[kind]?.submissionsSourceId;
      if (target !== undefined && !Object.values(feed.sourceValues ?? {}).includes(target)) {
        context.addIssue({
          code: 'custom',
          path: [kind, 'submissionsSourceId'],
          message: `"${target}" must also be a value of sourceValues (e.g. "submission": "${target}")`,
        });
      }
    }
    const known = new Set<string>([
      ...FORMAT_FIELDS[feed.format].required,
      ...FORMAT_FIELDS[feed.format].optional,
    ]);
    for (const field of Object.keys(feed.columns)) {
      if (!known.has(field)) {
        context.addIssue({
          code: 'custom',
          path: ['columns', field],
          message: `a ${feed.format} feed has no field "${field}" (fields: ${[...known].join(', ')})`,
        });
      }
    }
  });

export type FeedConfig = z.infer<typeof FeedConfigSchema>;

/** The column name the source uses for an Engage field. */
export function columnFor(feed: FeedConfig, field: string): string {
  return feed.columns[field] ?? field;
}

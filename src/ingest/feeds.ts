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
  })
  .superRefine((feed, context) => {
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

/** The fields this feed reads: the required ones, and the optional ones present in `available` columns. */
export function fieldsRead(feed: FeedConfig, available: ReadonlySet<string>): string[] {
  const { required, optional } = FORMAT_FIELDS[feed.format];
  return [...required, ...optional.filter((field) => available.has(columnFor(feed, field)))];
}

/**
 * A source's feed configuration: which format its deliveries are in and what the institution calls each
 * column (every system names them differently), how it maps its own source and status codes and how many
 * deliveries a week to expect, plus the block of the connector that delivers it. zod-validated; stored per
 * source.
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

/** A five-field cron expression, read in the institution's time zone; connectors default to 02:00 daily. */
export const cronField = z
  .string()
  .regex(/^(\S+\s+){4}\S+$/, 'expected a five-field cron expression')
  .default('0 2 * * *');

/**
 * What every feed has, whatever connector (if any) delivers it. The connectors' own blocks (a landing
 * directory, SFTP, xAPI, Moodle, Canvas, Graph) are added by `feedConfigSchema`, from the connector
 * registry in adapters/connectors/registry.ts.
 */
const feedBase = z.object({
  sourceId: name,
  format: z.enum(FEED_FORMATS),
  /** Engage field → the column (or API field) name the institution uses; unmapped fields keep their name. */
  columns: z.record(z.string(), name).default({}),
  /** Activity: the value of the source column → the Engage source id it counts for. */
  sourceValues: z.record(name, name).optional(),
  /** Attendance: the institution's status codes (e.g. "P", "L") → the status they mean. */
  statusValues: z.record(z.string(), z.enum(ATTENDANCE_STATUSES)).default({}),
  expectedDeliveriesPerWeek: z.number().int().min(1).max(50).default(1),
});

/** A feed as stored: the common fields, and each configured connector's block under its kind. */
export type FeedConfig = z.output<typeof feedBase> & { [connectorKind: string]: unknown };

/** Validates a feed configuration (throws a ZodError saying what and where). */
export interface FeedSchema {
  parse(input: unknown): FeedConfig;
}

/**
 * The feed schema with the connectors' blocks: `blocks` maps each connector kind to its (optional) block,
 * and `checkConnectors` adds the checks that span blocks (one pull connector per source, a block's fields
 * that must agree with the common ones).
 */
export function feedConfigSchema<Blocks extends z.ZodRawShape>(
  blocks: Blocks,
  checkConnectors: (feed: FeedConfig, context: z.RefinementCtx) => void,
) {
  return feedBase.extend(blocks).superRefine((parsed, context) => {
    const feed = parsed as unknown as FeedConfig;
    checkConnectors(feed, context);
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
}

/** The column name the source uses for an Engage field. */
export function columnFor(feed: FeedConfig, field: string): string {
  return feed.columns[field] ?? field;
}

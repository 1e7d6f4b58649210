/**
 * xAPI statements as activity records: the statement shape checked at the boundary (zod), the default map
 * of verbs to source kinds (Moodle's logstore_xapi plugin and Jisc's learning-analytics recipes), and each
 * statement reduced to what is counted — student, time and source kind — never what was accessed.
 */
import { z } from 'zod';
import type { RawRecord } from '../../../src/ingest/delivery.ts';
import type { FeedConfig } from '../../../src/ingest/feeds.ts';
import type { XapiConfig } from './config.ts';
import { activityValues } from '../shared/records.ts';

const iri = z.string().min(1).max(2048);

const AgentSchema = z.looseObject({
  objectType: z.enum(['Agent', 'Group']).optional(),
  mbox: z
    .string()
    .regex(/^mailto:.+@.+/, 'is not a mailto: IRI')
    .optional(),
  mbox_sha1sum: z.string().optional(),
  openid: z.string().optional(),
  account: z.looseObject({ homePage: z.string().min(1), name: z.string().min(1) }).optional(),
});

export const StatementSchema = z.looseObject({
  id: z.uuid({ message: 'is not a UUID' }).optional(),
  actor: AgentSchema,
  verb: z.looseObject({ id: iri }),
  object: z.looseObject({
    objectType: z.string().optional(),
    id: z.string().optional(),
    definition: z.looseObject({ type: iri.optional() }).optional(),
  }),
  timestamp: z.iso.datetime({ offset: true, message: 'is not an ISO 8601 date-time' }).optional(),
});

export type Statement = z.infer<typeof StatementSchema>;

/** Verb IRI → source kind, for the verbs learning platforms send. */
export const DEFAULT_VERBS: Readonly<Record<string, string>> = {
  'http://adlnet.gov/expapi/verbs/completed': 'completed',
  'http://id.tincanapi.com/verb/viewed': 'viewed',
  'http://adlnet.gov/expapi/verbs/experienced': 'viewed',
  'http://adlnet.gov/expapi/verbs/attempted': 'attempted',
  'http://adlnet.gov/expapi/verbs/answered': 'attempted',
  'http://adlnet.gov/expapi/verbs/submitted': 'submitted',
  'http://activitystrea.ms/schema/1.0/submit': 'submitted',
  'http://adlnet.gov/expapi/verbs/attended': 'attended',
  'https://brindlewaye.com/xAPITerms/verbs/loggedin/': 'loggedin',
  'http://id.tincanapi.com/verb/logged-in': 'loggedin',
};

/** The source kind a statement counts as: its activity type's mapping first, then its verb's. */
export function kindOf(statement: Statement, xapi: XapiConfig): string | null {
  const type = statement.object.definition?.type;
  if (type !== undefined && Object.hasOwn(xapi.activityTypes, type)) return xapi.activityTypes[type] ?? null;
  const verbs = xapi.verbs ?? DEFAULT_VERBS;
  return Object.hasOwn(verbs, statement.verb.id) ? (verbs[statement.verb.id] ?? null) : null;
}

export interface StatementContext {
  feed: FeedConfig & { xapi: XapiConfig };
  /** Name shown in quarantine entries for this batch. */
  name: string;
  receivedAt: Date;
  studentIdByEmail(email: string): Promise<string | null>;
}

/**
 * One statement as an activity record (student, timestamp and, when the feed maps the kind elsewhere,
 * source), or why it cannot be counted. The kind counts for the xAPI source itself unless the feed's
 * `sourceValues` sends it to another source.
 */
export async function statementRecord(
  statement: Statement,
  index: number,
  context: StatementContext,
): Promise<RawRecord> {
  const position = { file: context.name, line: index + 1 };
  const kind = kindOf(statement, context.feed.xapi);
  if (kind === null) return { position, error: `verb ${statement.verb.id} is not mapped to a source kind` };
  let student: string | null;
  if (statement.actor.account) student = statement.actor.account.name;
  else if (statement.actor.mbox) {
    student = await context.studentIdByEmail(statement.actor.mbox.slice('mailto:'.length));
    if (student === null) return { position, error: "actor's mbox is not an enrolled student's email" };
  } else return { position, error: 'actor has neither an account name nor an mbox' };
  const timestamp = statement.timestamp ?? context.receivedAt.toISOString();
  return { position, values: activityValues(context.feed, { student, timestamp, source: kind }) };
}

/**
 * The xAPI statements endpoint (POST and PUT /xapi/statements), for learning-record stores and platforms
 * such as Moodle's logstore_xapi: HTTP Basic auth per source (the password checked against the hash in the
 * source's feed configuration; credentials are never logged), the X-Experience-API-Version header required
 * (1.0.x) and echoed, statement-id idempotency (ids compared as UUIDs, case aside; a statement seen before
 * is not counted again, even when both arrive at once; the same id with a different body is 409 Conflict),
 * and each batch reduced to weekly counts at once through
 * ingestDelivery as an increment. POST answers with the statement ids; PUT (?statementId=) with 204.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FeedConfig } from '../../../src/ingest/feeds.ts';
import type { XapiConfig } from './config.ts';
import { ingestDelivery } from '../../../src/ingest/ingestDelivery.ts';
import type { Logger } from '../../../src/logging/logger.ts';
import type { SeenStatement } from '../../../src/repositories/connectorState.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import { canonicalJson, recordsDelivery, sha256 } from '../shared/records.ts';
import { UNKNOWN_USER_HASH, verifyPassword } from './password.ts';
import { StatementSchema, statementRecord, type Statement, type StatementContext } from './statements.ts';

export const XAPI_VERSION = '1.0.3';
const VERSION_HEADER = 'x-experience-api-version';
const ACCEPTED_VERSION = /^1\.0(\.\d+)?$/;
/** A batch larger than this is refused with 413 (the LRS sender splits it). */
export const XAPI_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
/** The deepest nesting of objects and arrays a statement may have (real statements use a handful). */
export const MAX_STATEMENT_DEPTH = 64;
/** Statements checked or hashed between yields to the event loop, so a large batch never holds it long. */
const SLICE = 250;

type XapiFeed = StatementContext['feed'];

class XapiRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function registerXapi(
  server: FastifyInstance,
  options: { repos: Repositories; logger: Logger; now?: () => Date },
): void {
  const { repos, logger } = options;
  const now = options.now ?? (() => new Date());

  const handle = async (request: FastifyRequest, reply: FastifyReply, put: boolean) => {
    reply.header('X-Experience-API-Version', XAPI_VERSION);
    try {
      const feed = await authenticate(repos, request.headers.authorization);
      const version = request.headers[VERSION_HEADER];
      if (typeof version !== 'string' || !ACCEPTED_VERSION.test(version.trim()))
        throw new XapiRefusal(400, 'the X-Experience-API-Version header must be 1.0.x');
      const statements = await parseStatements(request.body, put ? statementIdOf(request.query) : null);
      const ids = await accept(repos, feed, statements, now(), logger);
      if (put) return reply.code(204).send();
      return reply.code(200).send(ids);
    } catch (error) {
      if (!(error instanceof XapiRefusal)) throw error;
      if (error.status === 401) reply.header('WWW-Authenticate', 'Basic realm="xAPI"');
      return reply.code(error.status).send({ error: error.message });
    }
  };
  const config = { bodyLimit: XAPI_BODY_LIMIT_BYTES };
  server.post('/xapi/statements', config, (request, reply) => handle(request, reply, false));
  server.put('/xapi/statements', config, (request, reply) => handle(request, reply, true));
}

/** The feed whose xAPI username and password match the Basic credentials, else 401. */
async function authenticate(repos: Repositories, header: string | undefined): Promise<XapiFeed> {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  const decoded = match ? Buffer.from(match[1] as string, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new XapiRefusal(401, 'Basic credentials are required');
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const xapiOf = (candidate: FeedConfig) => candidate.xapi as XapiConfig | undefined;
  const feed = (await repos.feeds.listFeeds()).find((candidate) => xapiOf(candidate)?.username === username);
  const xapi = feed && xapiOf(feed);
  // An unknown user costs the same scrypt as a wrong password: the answer's timing tells nothing.
  const valid = await verifyPassword(password, xapi?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!feed || !xapi || !valid) throw new XapiRefusal(401, 'the credentials are not valid');
  return { ...feed, xapi };
}

function statementIdOf(query: unknown): string {
  const parsed = z.object({ statementId: z.uuid() }).safeParse(query);
  if (!parsed.success) throw new XapiRefusal(400, 'PUT needs a statementId query parameter that is a UUID');
  return parsed.data.statementId;
}

/** The statements of the body (one or an array); PUT: exactly one, whose id is the statementId. */
async function parseStatements(body: unknown, putId: string | null): Promise<Statement[]> {
  if (putId !== null && Array.isArray(body)) throw new XapiRefusal(400, 'PUT takes a single statement');
  const items: unknown[] = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw new XapiRefusal(400, 'no statements in the body');
  const statements = await mapInSlices(items, (item, index) => {
    if (nestedDeeperThan(item, MAX_STATEMENT_DEPTH))
      throw new XapiRefusal(
        400,
        `statement ${index + 1} is nested deeper than ${MAX_STATEMENT_DEPTH} levels`,
      );
    const parsed = StatementSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    const [issue] = parsed.error.issues;
    throw new XapiRefusal(
      400,
      `statement ${index + 1}: ${issue?.path.join('.') || 'the statement'} ${issue?.message ?? 'is not valid'}`,
    );
  });
  if (putId !== null) {
    const [statement] = statements as [Statement];
    if (statement.id !== undefined && statement.id.toLowerCase() !== putId.toLowerCase())
      throw new XapiRefusal(400, 'the statement id differs from the statementId parameter');
    statement.id = putId;
  }
  return statements;
}

/** xAPI deliveries this process has claimed statements for and not finished counting. */
const counting = new Set<string>();

/**
 * Counts the statements not taken before and returns every statement's id (canonical: lower case), in
 * order. The new ones are claimed first, under a delivery id of this request's own, and counted as that
 * delivery; statements claimed by a delivery that never finished (the process stopped) are counted now,
 * as that same delivery, whose increments land exactly once however often it is run.
 */
async function accept(
  repos: Repositories,
  feed: XapiFeed,
  statements: Statement[],
  receivedAt: Date,
  logger: Logger,
): Promise<string[]> {
  for (const statement of statements) statement.id = (statement.id ?? randomUUID()).toLowerCase();
  const ids = statements.map((statement) => statement.id as string);
  if (new Set(ids).size !== ids.length) throw new XapiRefusal(400, 'the batch repeats a statement id');
  const hashes = await mapInSlices(statements, (statement) => sha256(canonicalJson(statement)));
  const refuseConflicts = (seen: Map<string, SeenStatement>) => {
    const conflict = ids.find((id, i) => seen.has(id) && seen.get(id)?.hash !== hashes[i]);
    if (conflict !== undefined)
      throw new XapiRefusal(409, `statement ${conflict} was already stored with a different body`);
  };
  const { sourceId } = feed;
  let seen = await repos.connectorState.seenStatements(sourceId, ids);
  refuseConflicts(seen);
  const fresh = ids.flatMap((id, i) => (seen.has(id) ? [] : [i]));
  const deliveryId = randomUUID();
  counting.add(deliveryId);
  try {
    if (fresh.length > 0) {
      await repos.connectorState.claimStatements(
        fresh.map((i) => ({ sourceId, id: ids[i] as string, hash: hashes[i] as string, deliveryId })),
      );
      seen = await repos.connectorState.seenStatements(sourceId, ids);
    }
    const byDelivery = new Map<string, Statement[]>();
    statements.forEach((statement, i) => {
      const owner = seen.get(ids[i] as string)?.deliveryId;
      if (owner === undefined || (owner !== deliveryId && counting.has(owner))) return;
      byDelivery.set(owner, [...(byDelivery.get(owner) ?? []), statement]);
    });
    for (const [owner, owned] of byDelivery) {
      const previous = owner === deliveryId ? null : await repos.deliveries.find(sourceId, owner);
      if (previous && previous.status !== 'processing') continue;
      await countStatements(repos, feed, owner, owned, previous?.receivedAt ?? receivedAt, logger);
    }
  } finally {
    counting.delete(deliveryId);
  }
  refuseConflicts(seen);
  return ids;
}

/** Counts the statements as the increment `deliveryId`. */
async function countStatements(
  repos: Repositories,
  feed: XapiFeed,
  deliveryId: string,
  statements: readonly Statement[],
  receivedAt: Date,
  logger: Logger,
): Promise<void> {
  const name = `xapi ${receivedAt.toISOString()}`;
  const context: StatementContext = {
    feed,
    name,
    receivedAt,
    studentIdByEmail: (email) => repos.connectorState.studentIdByEmail(email),
  };
  const records = await Promise.all(statements.map((statement, n) => statementRecord(statement, n, context)));
  const outcome = await ingestDelivery(
    repos,
    recordsDelivery({
      sourceId: feed.sourceId,
      id: deliveryId,
      name,
      mode: 'increment',
      receivedAt,
      records,
    }),
  );
  logger.info(
    {
      sourceId: feed.sourceId,
      statements: statements.length,
      status: outcome.status,
      good: outcome.good,
      quarantined: outcome.quarantined,
    },
    'xapi: statements received',
  );
}

/** Maps the items a slice at a time, yielding to the event loop between slices. */
async function mapInSlices<T, R>(items: readonly T[], map: (item: T, index: number) => R): Promise<R[]> {
  const mapped: R[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % SLICE === 0) await yieldToLoop();
    mapped.push(map(items[i] as T, i));
  }
  return mapped;
}

/** Whether objects and arrays nest in `value` deeper than `limit` levels (walked without recursion). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

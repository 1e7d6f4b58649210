import { FeedConfigSchema } from '../../adapters/connectors/registry.ts';
import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, sha256 } from '../../adapters/connectors/shared/records.ts';
import { hashPassword } from '../../adapters/connectors/xapi/password.ts';
import { registerXapi } from '../../adapters/connectors/xapi/route.ts';
import { processingRecord } from '../../src/ingest/ingestDelivery.ts';
import { configureSources } from '../../src/ingest/sourceAdmin.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openIngestStore, type IngestStore } from '../ingest/ingestStore.ts';

const fixture = async (name: string): Promise<unknown> =>
  JSON.parse(await readFile(new URL(`../fixtures/xapi/${name}`, import.meta.url), 'utf8'));

const PASSWORD = 'correct horse battery staple';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the xAPI statements endpoint', () => {
  let ctx: IngestStore;
  let server: FastifyInstance;
  let url: string;
  beforeEach(async () => {
    ctx = await openIngestStore(4);
    await configureSources(
      ctx.repos,
      {
        sources: [
          { id: 'records', name: 'Student records', kind: 'student-records' },
          {
            id: 'lrs',
            name: 'Learning records',
            kind: 'vle',
            feed: {
              format: 'activity',
              sourceValues: { loggedin: 'records' },
              xapi: { username: 'moodle-lrs', passwordHash: await hashPassword(PASSWORD) },
            },
          },
        ],
      },
      FeedConfigSchema,
    );
    server = Fastify();
    registerXapi(server, {
      repos: ctx.repos,
      logger: createLogger({ level: 'silent' }),
      now: () => new Date('2026-10-20T06:00:00Z'),
    });
    url = `${await server.listen({ host: '127.0.0.1', port: 0 })}/xapi/statements`;
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  const send = (
    body: unknown,
    options: { method?: string; query?: string; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${url}${options.query ?? ''}`, {
      method: options.method ?? 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: basic('moodle-lrs', PASSWORD),
        'x-experience-api-version': '1.0.3',
        ...options.headers,
      },
      body: JSON.stringify(body),
    });
  const counts = async (sourceId: string) =>
    Object.fromEntries(
      (await ctx.repos.measures.measuresForWeek('2026-W42'))
        .filter((m) => m.sourceId === sourceId)
        .map((m) => [m.studentId, m.count]),
    );

  it('refuses wrong or missing credentials with 401 and counts nothing', async () => {
    const batch = await fixture('moodle-logstore-batch.json');
    const wrong = await send(batch, { headers: { authorization: basic('moodle-lrs', 'guess') } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
    const none = await send(batch, { headers: { authorization: '' } });
    expect(none.status).toBe(401);
    expect(await counts('lrs')).toEqual({});
  });

  it('takes as long to refuse an unknown user as a wrong password (no user enumeration by timing)', async () => {
    const timed = async (user: string) => {
      const started = performance.now();
      const response = await send([], { headers: { authorization: basic(user, 'guess') } });
      expect(response.status).toBe(401);
      return performance.now() - started;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 7; i++) {
      unknown.push(await timed('nobody'));
      wrong.push(await timed('moodle-lrs'));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[3] as number;
    // Before, an unknown user was refused in about 4 ms against about 100 ms for a wrong password.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });

  it('requires the X-Experience-API-Version header (1.0.x) and echoes its own', async () => {
    const batch = await fixture('moodle-logstore-batch.json');
    const missing = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('moodle-lrs', PASSWORD) },
      body: JSON.stringify(batch),
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/X-Experience-API-Version/);
    const old = await send(batch, { headers: { 'x-experience-api-version': '0.95' } });
    expect(old.status).toBe(400);
    const ok = await send(batch);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-experience-api-version')).toMatch(/^1\.0\.\d$/);
  });

  it('accepts a Moodle batch, answers with its ids, counts weekly and quarantines the unknown actor', async () => {
    const batch = (await fixture('moodle-logstore-batch.json')) as { id: string }[];
    const response = await send(batch);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(batch.map((statement) => statement.id));
    expect(await counts('lrs')).toEqual({ S1: 2, S2: 1 });
    const quarantined = await ctx.repos.quarantine.list({ sourceId: 'lrs' }, 10);
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]?.reason).toMatch(/not an enrolled student/);
  });

  it('does not count a re-sent statement again, and refuses the same id with another body (409)', async () => {
    const batch = (await fixture('moodle-logstore-batch.json')) as Record<string, unknown>[];
    expect((await send(batch)).status).toBe(200);
    expect((await send(batch.slice(0, 2))).status).toBe(200);
    expect(await counts('lrs')).toEqual({ S1: 2, S2: 1 });
    const altered = { ...batch[0], timestamp: '2026-10-13T10:00:00Z' };
    const conflict = await send([altered]);
    expect(conflict.status).toBe(409);
    expect(await counts('lrs')).toEqual({ S1: 2, S2: 1 });
  });

  it('counts a statement posted 20 times at once only once, alone or inside 20 batches sharing it', async () => {
    const batch = (await fixture('moodle-logstore-batch.json')) as Record<string, unknown>[];
    const [first, second] = batch as [Record<string, unknown>, Record<string, unknown>];
    const alone = await Promise.all(Array.from({ length: 20 }, () => send([first])));
    expect(alone.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(await counts('lrs')).toEqual({ S1: 1 });
    const batches = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(i % 2 === 0 ? [second, first] : [second])),
    );
    expect(batches.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(await counts('lrs')).toEqual({ S1: 2 });
  });

  it('counts, when the LRS re-sends them, statements claimed by a batch the server died counting', async () => {
    const batch = (await fixture('moodle-logstore-batch.json')) as { id: string }[];
    // What a server killed mid-batch leaves: the statements claimed, their delivery still processing.
    await ctx.repos.connectorState.claimStatements(
      batch.map((statement) => ({
        sourceId: 'lrs',
        id: statement.id,
        hash: sha256(canonicalJson(statement)),
        deliveryId: 'killed',
      })),
    );
    await ctx.repos.deliveries.claim(
      processingRecord({
        sourceId: 'lrs',
        id: 'killed',
        name: 'xapi',
        mode: 'increment',
        receivedAt: new Date('2026-10-20T05:00:00Z'),
      }),
    );
    expect((await send(batch)).status).toBe(200);
    expect((await send(batch)).status).toBe(200);
    expect(await counts('lrs')).toEqual({ S1: 2, S2: 1 });
  });

  it('recognises a statement id re-sent in upper case as the same statement', async () => {
    const batch = (await fixture('moodle-logstore-batch.json')) as { id: string }[];
    expect((await send(batch)).status).toBe(200);
    const upper = batch.map((statement) => ({ ...statement, id: statement.id.toUpperCase() }));
    const again = await send(upper);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(batch.map((statement) => statement.id));
    expect(await counts('lrs')).toEqual({ S1: 2, S2: 1 });
  });

  it('counts nothing again when 10,000 stored statements are re-sent among 30,000 (speed: npm run bench -- --only xapi)', async () => {
    const [template] = (await fixture('moodle-logstore-batch.json')) as Record<string, unknown>[];
    const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    const statements = Array.from({ length: 10_000 }, (_, n) => ({ ...template, id: id(n) }));
    for (let from = 0; from < 30_000; from += 10_000) {
      await ctx.repos.connectorState.claimStatements(
        Array.from({ length: 10_000 }, (_, n) => ({
          sourceId: 'lrs',
          id: id(from + n),
          hash: n + from < 10_000 ? sha256(canonicalJson(statements[n + from])) : 'other',
        })),
      );
    }
    for (let from = 0; from < statements.length; from += 2_500) {
      expect((await send(statements.slice(from, from + 2_500))).status).toBe(200);
    }
    expect(await counts('lrs')).toEqual({});
  }, 60_000);

  it('refuses a statement nested 5,000 deep with 400, counting nothing', async () => {
    const [first] = (await fixture('moodle-logstore-batch.json')) as Record<string, unknown>[];
    // Written as text: JSON.stringify itself would overflow the stack on it.
    const nested = `${'{"deeper":'.repeat(5_000)}{}${'}'.repeat(5_000)}`;
    const body = JSON.stringify([{ ...first, context: 'NESTED' }]).replace('"NESTED"', nested);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: basic('moodle-lrs', PASSWORD),
        'x-experience-api-version': '1.0.3',
      },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/statement 1 is nested deeper than 64 levels/);
    expect(await counts('lrs')).toEqual({});
  });

  it('takes a PUT with statementId, maps an mbox actor by email, generates ids and routes logins by kind', async () => {
    const attendance = await fixture('jisc-attendance.json');
    const statementId = '3d5a1f7e-2b8c-4e6d-9f0a-1c2b3d4e5f60';
    const put = await send(attendance, { method: 'PUT', query: `?statementId=${statementId}` });
    expect(put.status).toBe(204);
    expect((await send(attendance, { method: 'PUT', query: `?statementId=${statementId}` })).status).toBe(
      204,
    );
    expect(await counts('lrs')).toEqual({ S3: 1 });

    const login = await fixture('jisc-login.json');
    const withoutId = { ...(login as object), id: undefined };
    const posted = await send([withoutId]);
    const [generated] = (await posted.json()) as string[];
    expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await counts('records')).toEqual({ S2: 1 });
  });

  it('refuses a malformed statement with 400 naming it, counting nothing of the batch', async () => {
    const batch = (await fixture('moodle-logstore-batch.json')) as Record<string, unknown>[];
    const response = await send([batch[0], { ...batch[1], verb: {} }]);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/statement 2: verb\.id/);
    expect(await counts('lrs')).toEqual({});
  });
});

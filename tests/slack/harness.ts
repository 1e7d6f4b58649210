/**
 * The Slack tests' world: the Slack adapter on a real Fastify listening on loopback, in front of the real
 * chat core on the seeded institution (tests/chat/support.ts), with requests signed as Slack signs them,
 * the recorded payloads of tests/fixtures/slack/, and nock interceptors for the Slack Web API and
 * response_url that resolve when Slack would have received the call (no sleeps).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import nock from 'nock';
import type { ChatApp, ChannelPoster } from '../../src/chat/ports.ts';
import { createLogger, type Logger } from '../../src/logging/logger.ts';
import { registerSlack } from '../../adapters/slack/index.ts';
import { signSlackBody } from '../../adapters/slack/signature.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import {
  inboundDedupeRepository,
  type InboundDedupeRepository,
} from '../../src/repositories/inboundDedupe.ts';
import { ensureCollections } from '../../src/store/collections.ts';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const BOT_TOKEN = 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy';
export const SLACK_API = 'https://slack.com';
export const HOOKS = 'https://hooks.slack.com';

export interface SlackServer {
  url: string;
  server: FastifyInstance;
  poster: ChannelPoster;
  close(): Promise<void>;
}

/** A real embedded store in a temp dir holding the inbound-delivery claims; `close` removes it. */
export async function openDeliveryStore(): Promise<{
  deliveries: InboundDedupeRepository;
  close(): Promise<void>;
}> {
  const dataDir = await mkdtemp(join(tmpdir(), 'engage-slack-'));
  const store = await openEmbeddedStore({ dataDir });
  await ensureCollections(store.db);
  return {
    deliveries: inboundDedupeRepository(store.db),
    async close() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `ackAnswerBudgetMs: 0` makes a slash command acknowledge empty unless its answer is already there;
 * `deliveries` shares the claims of deliveries with another server (a restart), else a store of its own;
 * `logger` sees the service's log lines (silent otherwise); `now` fixes the service's clock.
 */
export async function startSlackServer(
  chatApp: ChatApp,
  options: {
    ackAnswerBudgetMs?: number;
    deliveries?: InboundDedupeRepository;
    logger?: Logger;
    now?: () => Date;
  } = {},
): Promise<SlackServer> {
  const own = options.deliveries ? null : await openDeliveryStore();
  const server = Fastify();
  const { poster } = registerSlack(server, {
    chatApp,
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    logger: createLogger({ level: 'silent' }),
    ...options,
    deliveries: options.deliveries ?? (own?.deliveries as InboundDedupeRepository),
  });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    server,
    poster,
    async close() {
      await server.close();
      await own?.close();
    },
  };
}

/** A recorded Slack payload from tests/fixtures/slack/, with fields overridden per test. */
export function fixture<T = Record<string, unknown>>(
  name: string,
  overrides: Record<string, unknown> = {},
): T {
  const path = new URL(`../fixtures/slack/${name}.json`, import.meta.url);
  return { ...(JSON.parse(readFileSync(path, 'utf8')) as object), ...overrides } as T;
}

export const formBody = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
export const interactionBody = (payload: unknown): string => formBody({ payload: JSON.stringify(payload) });

export interface SendOptions {
  contentType?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Sign this body instead of the one sent (a tampered request). */
  signedBody?: string;
  headers?: Record<string, string>;
  unsigned?: boolean;
}

/** POSTs to /slack/events signed with the app's signing secret, as Slack does. */
export function sendToSlackEvents(
  server: SlackServer,
  body: string,
  options: SendOptions = {},
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = signSlackBody(SIGNING_SECRET, timestamp, options.signedBody ?? body);
  return fetch(`${server.url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      ...(options.unsigned
        ? {}
        : { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }),
      ...options.headers,
    },
    body,
  });
}

export interface Intercepted {
  /** The request body: form fields (JSON-valued fields parsed) for the Web API, JSON for response_url. */
  body: Record<string, unknown>;
  authorization: string | undefined;
}

/**
 * The Web API and response_url calls a test set up that Slack has not received (yet); users.info, answered
 * for a whole file by slackUsers, aside.
 */
export function pendingSlackCalls(): string[] {
  return nock.pendingMocks().filter((mock) => mock.includes('slack.com') && !mock.includes('users.info'));
}

/** Intercepts one POST and resolves with what was sent once it arrives. */
export function interceptOnce(
  origin: string,
  path: string,
  reply: Record<string, unknown> = { ok: true },
  status = 200,
  headers: Record<string, string> = {},
): Promise<Intercepted> {
  return new Promise((resolve) => {
    nock(origin)
      .post(path)
      .reply(function (_uri, requestBody) {
        const authorization = this.req.headers.authorization;
        resolve({
          body: decodeBody(requestBody),
          authorization: Array.isArray(authorization) ? authorization[0] : authorization,
        });
        return [status, reply, headers];
      });
  });
}

/**
 * Answers users.info, any number of times, with the fixture's profile under each user's email; returns the
 * user ids asked about, in order.
 */
export function slackUsers(users: Record<string, { email: string; name: string }>): string[] {
  const asked: string[] = [];
  nock(SLACK_API)
    .persist()
    .post('/api/users.info')
    .reply((_uri, requestBody) => {
      const id = String(decodeBody(requestBody).user);
      asked.push(id);
      const known = users[id];
      if (!known) return [200, { ok: false, error: 'user_not_found' }];
      const base = fixture<{ ok: true; user: Record<string, unknown> }>('users-info');
      return [
        200,
        {
          ok: true,
          user: {
            ...base.user,
            id,
            real_name: known.name,
            profile: { real_name: known.name, email: known.email },
          },
        },
      ];
    });
  return asked;
}

function decodeBody(requestBody: unknown): Record<string, unknown> {
  if (typeof requestBody === 'object' && requestBody !== null) return requestBody as Record<string, unknown>;
  const text = String(requestBody);
  if (text.startsWith('{')) return JSON.parse(text) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    fields[key] = value.startsWith('[') || value.startsWith('{') ? JSON.parse(value) : value;
  }
  return fields;
}

/**
 * Bolt's Receiver on the service's own Fastify instance: `POST /slack/events` takes slash commands,
 * interactions and Events API callbacks. The raw body is kept for the signature check (a bad or missing
 * signature is a 401 and nothing is processed); a malformed body is a 400 with the reason; url_verification
 * is answered with its challenge; Slack's app_rate_limited notice is logged and, like any well-formed
 * request of a type Engage does not handle, answered 200; a redelivery (Slack's retries, a repeated
 * interaction, also after a restart: deliveries are claimed in the store, see
 * src/repositories/inboundDedupe.ts) is acknowledged and not processed again. Otherwise the request goes to the Bolt App, and the HTTP response is sent the
 * moment a listener acknowledges, with the body it acknowledged with (a slash command's quick answer) —
 * listeners ack before any slow work (and should one not, the receiver acknowledges at ACK_DEADLINE_MS).
 */
import { ErrorCode, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../src/logging/logger.ts';
import type { InboundDedupeRepository } from '../../src/repositories/inboundDedupe.ts';
import { readInbound } from './inbound.ts';
import { checkSlackSignature } from './signature.ts';
import { slackErrorFields } from './webApiErrors.ts';

export const SLACK_EVENTS_PATH = '/slack/events';
/**
 * Slack gives up on a request after 3 seconds. Listeners ack first thing; should one not have acknowledged
 * by this point (a bug, a stalled dependency), the receiver acknowledges for it and the work carries on.
 */
export const ACK_DEADLINE_MS = 2_500;

/** Thrown by a listener, before it acknowledges, when the request cannot be understood: answered 400. */
export class MalformedSlackRequest extends Error {
  override name = 'MalformedSlackRequest';
  /** Bolt passes errors that carry a code through unwrapped. */
  readonly code = 'engage_malformed_slack_request';
}

interface Acknowledgement {
  status: number;
  body: unknown;
}

export interface ReceiverOptions {
  signingSecret: string;
  logger: Logger;
  now: () => Date;
  /** Where deliveries are claimed, so a redelivery is recognised across restarts. */
  deliveries: Pick<InboundDedupeRepository, 'claim' | 'release'>;
}

export class FastifyReceiver implements Receiver {
  #app: App | undefined;

  constructor(private readonly options: ReceiverOptions) {}

  init(app: App): void {
    this.#app = app;
  }

  /** The Fastify server owns the socket; nothing to start or stop here. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** Registers POST /slack/events in its own scope, whose body parsers keep the raw bytes. */
  register(server: FastifyInstance): void {
    void server.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        ['application/json', 'application/x-www-form-urlencoded'],
        { parseAs: 'buffer' },
        (_request, body, done) => done(null, body),
      );
      scope.post(SLACK_EVENTS_PATH, async (request, reply) => {
        const rawBody = request.body as Buffer;
        const now = this.options.now();
        const signature = checkSlackSignature(
          this.options.signingSecret,
          {
            rawBody,
            timestamp: header(request.headers['x-slack-request-timestamp']),
            signature: header(request.headers['x-slack-signature']),
          },
          now,
        );
        if (!signature.ok) return reply.code(401).send({ error: 'unauthorized', reason: signature.reason });
        const read = readInbound(request.headers['content-type'], rawBody);
        if (!read.ok) return reply.code(400).send({ error: 'bad request', reason: read.reason });
        const { inbound } = read;
        if (inbound.kind === 'url-verification') return { challenge: inbound.challenge };
        if (inbound.kind === 'ssl-check') return reply.code(200).send('');
        if (inbound.kind === 'rate-limited') {
          this.options.logger.warn(
            { teamId: inbound.teamId, appId: inbound.appId, since: inbound.since.toISOString() },
            'slack: Slack is rate-limiting the events it sends this app',
          );
          return reply.code(200).send('');
        }
        if (inbound.kind === 'ignored') {
          request.log.info({ type: inbound.type }, 'slack: request of a type Engage does not handle ignored');
          return reply.code(200).send('');
        }
        const key = `slack:${inbound.deliveryKey}`;
        if (!(await this.options.deliveries.claim(key, now)).first) {
          request.log.info(
            { retry: header(request.headers['x-slack-retry-num']) },
            'slack: repeat delivery ignored',
          );
          return reply.code(200).send('');
        }
        const retryNum = Number(header(request.headers['x-slack-retry-num']) ?? NaN);
        const ack = await this.#dispatch({
          body: inbound.body,
          ...(Number.isInteger(retryNum) ? { retryNum } : {}),
          ...retryReason(header(request.headers['x-slack-retry-reason'])),
        });
        // A failure of ours: Slack's retry of it is acted on.
        if (ack.status >= 500) await this.options.deliveries.release(key);
        return reply.code(ack.status).send(ack.body);
      });
    });
  }

  /** Hands the request to the Bolt App and resolves with the acknowledgement, before the work finishes. */
  #dispatch(request: Omit<ReceiverEvent, 'ack'>): Promise<Acknowledgement> {
    const app = this.#app;
    if (app === undefined) throw new Error('FastifyReceiver used before the Bolt App initialised it');
    let acknowledged = false;
    let answer: (ack: Acknowledgement) => void = () => {};
    const acked = new Promise<Acknowledgement>((resolve) => (answer = resolve));
    const acknowledge = (response: unknown) => {
      if (acknowledged) return;
      acknowledged = true;
      clearTimeout(deadline);
      answer({ status: 200, body: response ?? '' });
    };
    const deadline = setTimeout(() => {
      this.options.logger.warn(
        { type: request.body.type ?? 'command' },
        'slack: acknowledged at the deadline',
      );
      acknowledge('');
    }, ACK_DEADLINE_MS);
    const event: ReceiverEvent = { ...request, ack: async (response?: unknown) => acknowledge(response) };
    const processed = app.processEvent(event).then(
      (): Acknowledgement => {
        clearTimeout(deadline);
        return { status: 200, body: '' };
      },
      (error: unknown): Acknowledgement => {
        clearTimeout(deadline);
        if (acknowledged) {
          this.options.logger.error(
            { ...slackErrorFields(unwrap(error)), type: request.body.type ?? 'command' },
            'slack: handling failed after the acknowledgement',
          );
          return { status: 200, body: '' };
        }
        if (error instanceof MalformedSlackRequest) {
          return { status: 400, body: { error: 'bad request', reason: error.message } };
        }
        this.options.logger.error({ ...slackErrorFields(unwrap(error)) }, 'slack: handling failed');
        return { status: 500, body: { error: 'internal error' } };
      },
    );
    return Promise.race([acked, processed]);
  }
}

/**
 * Bolt wraps errors without a code in an UnknownError that keeps the original. Only that wrapper is
 * opened: a Web API request error also carries an `original` (the network error), but its own code is
 * the one to log.
 */
function unwrap(error: unknown): unknown {
  const wrapped = error as { code?: unknown; original?: unknown } | null;
  return wrapped?.code === ErrorCode.UnknownError && wrapped.original !== undefined
    ? wrapped.original
    : error;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function retryReason(value: string | undefined): { retryReason?: string } {
  return value === undefined ? {} : { retryReason: value };
}

/**
 * POST /api/messages on the service's Fastify: every Teams activity is authenticated (JWT, always: a bad
 * token is 401, a token that could not be checked — signing keys unreachable — is 503 for a retry), then
 * refused when its tenant is not allowed, then claimed once by activity id (a redelivery gets the first
 * answer back without acting again), then run through the Teams bot. Logs carry activity types,
 * tenants and reasons, never names, emails or message text.
 */
import type { Activity } from 'botbuilder';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ChatApp } from '../../src/chat/ports.ts';
import type { View } from '../../src/chat/views/viewModel.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { ConversationRepository } from '../../src/repositories/conversations.ts';
import type { InboundDedupeRepository, StoredAnswer } from '../../src/repositories/inboundDedupe.ts';
import { tenantOf } from './activityContext.ts';
import { TeamsBot } from './bot.ts';
import type { AuthenticatedRequest, TeamsCloudAdapter } from './cloudAdapter.ts';
import { TeamsUserDirectory } from './userDirectory.ts';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsRouteDeps {
  adapter: TeamsCloudAdapter;
  chatApp: ChatApp;
  renderCard: (view: View) => object;
  conversations: ConversationRepository;
  inboundDedupe: InboundDedupeRepository;
  logger: Logger;
  now?: () => Date;
}

/** Registers the Teams endpoint; the adapter's credentials decide the allowed tenants. */
export async function registerTeams(app: FastifyInstance, deps: TeamsRouteDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger.child({ platform: 'teams' });
  const bot = new TeamsBot({
    chatApp: deps.chatApp,
    renderCard: deps.renderCard,
    conversations: deps.conversations,
    members: new TeamsUserDirectory(logger),
    now,
  });
  const allowedTenants = new Set(deps.adapter.credentials.allowedTenants);
  const inFlight = new Map<string, Promise<StoredAnswer>>();

  /** Acts on a delivery once: a redelivery (concurrent here, or later anywhere) gets the first answer. */
  const runOnce = (key: string, run: () => Promise<StoredAnswer>): Promise<StoredAnswer> => {
    const running = inFlight.get(key);
    if (running) return running;
    const answer = (async () => {
      try {
        const claim = await deps.inboundDedupe.claim(key, now());
        // Still running in another process: the platform's next redelivery will find the answer.
        if (!claim.first) return claim.answer ?? { status: 202 };
        try {
          const result = await run();
          await deps.inboundDedupe.answered(key, result);
          return result;
        } catch (error) {
          await deps.inboundDedupe.release(key);
          throw error;
        }
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, answer);
    return answer;
  };

  app.post(TEAMS_MESSAGES_PATH, async (request, reply) => {
    const activity = activityFrom(request.body);
    if (!activity) {
      return refuse(reply, 400, 'expected a Bot Framework activity: a JSON object with a string "type"');
    }
    let authenticated: AuthenticatedRequest;
    try {
      authenticated = await deps.adapter.authenticate(activity, request.headers.authorization ?? '');
    } catch (error) {
      if (!isBadToken(error)) {
        logger.error({ reason: (error as Error).message }, 'teams authentication could not complete');
        return refuse(reply, 503, 'could not check the request token; try again');
      }
      logger.warn(
        { activityType: activity.type, reason: (error as Error).message },
        'teams request refused: bad token',
      );
      return refuse(reply, 401, 'missing or invalid Bot Framework token');
    }
    const tenant = tenantOf(activity);
    if (!tenant || !allowedTenants.has(tenant)) {
      logger.warn({ activityType: activity.type, tenant }, 'teams request refused: tenant not allowed');
      return refuse(reply, 403, 'this tenant is not allowed to use Engage');
    }
    const run = async (): Promise<StoredAnswer> => {
      const response = await deps.adapter.run(authenticated, activity, (context) => bot.run(context));
      return response ? { status: response.status, body: response.body } : { status: 200 };
    };
    let answer: StoredAnswer;
    try {
      answer = activity.id
        ? await runOnce(`teams:${activity.conversation?.id}:${activity.id}`, run)
        : await run();
    } catch (error) {
      logger.error(
        { activityType: activity.type, err: { message: (error as Error).message } },
        'teams activity failed',
      );
      return refuse(reply, 500, 'Engage could not handle this activity; the channel may redeliver it');
    }
    logger.debug({ activityType: activity.type, status: answer.status }, 'teams activity handled');
    reply.code(answer.status);
    return answer.body === undefined ? reply.send() : reply.send(answer.body);
  });
}

/** jsonwebtoken's verdicts on a token itself (bad signature, expired, not yet valid). */
const TOKEN_VERDICTS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * Whether authentication failed because of the token (401), rather than because it could not be checked
 * (the signing keys unreachable, a network or DNS failure: 503, so the Bot Framework delivers it again).
 */
function isBadToken(error: unknown): boolean {
  const { statusCode, name } = error as { statusCode?: unknown; name?: unknown };
  if (typeof statusCode === 'number') return statusCode < 500;
  return typeof name === 'string' && TOKEN_VERDICTS.has(name);
}

function refuse(reply: FastifyReply, status: number, reason: string) {
  return reply.code(status).send({ error: reason });
}

/** The body as an activity, with its timestamps as dates (what botbuilder's own HTTP handling does). */
function activityFrom(body: unknown): Activity | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const activity = body as Activity & { rawTimestamp?: string; rawLocalTimestamp?: string };
  if (typeof activity.type !== 'string' || activity.type === '') return null;
  if (typeof activity.timestamp === 'string') {
    activity.rawTimestamp = activity.timestamp;
    activity.timestamp = new Date(activity.timestamp);
  }
  if (typeof activity.localTimestamp === 'string') {
    activity.rawLocalTimestamp = activity.localTimestamp;
    activity.localTimestamp = new Date(activity.localTimestamp);
  }
  return activity;
}

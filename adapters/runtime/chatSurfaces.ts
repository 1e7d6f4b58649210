/**
 * The chat side of the service, composed once: the chat app with its chart linker, the Teams and Slack
 * adapters when their credentials are set, the local preview in local mode, and the posting pipeline over
 * the platforms' posters — what the `post-digests` and `governance-summary` jobs post with (see
 * jobCatalogue.ts) and the alert rules' TutorNotifier. Routes are mounted on the server before it listens;
 * posting waits until they are, so a job that starts with the scheduler never sees a platform as missing.
 */
import type { FastifyInstance } from 'fastify';
import type { ChatPlatforms } from '../../src/config/chatPlatforms.ts';
import type { Env } from '../../src/config/env.ts';
import { createChatApp, type EngageChatApp } from '../../src/chat/app.ts';
import { chatTutorNotifier } from '../../src/chat/posting/tutorNotifier.ts';
import type { ChannelPoster, ChartLinker } from '../../src/chat/ports.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { ChatPlatform } from '../../src/repositories/channelLinks.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import type { TutorNotifier } from '../../src/rules/ports.ts';
import { createChartLinker } from '../http/charts.ts';
import { servePreview } from '../preview/index.ts';
import { registerSlack } from '../slack/index.ts';
import { registerTeamsBot } from '../teams/index.ts';
import { postingDelivery, type PostingJobDeps } from './postingJobs.ts';

export interface ChatSurfaces {
  chat: EngageChatApp;
  /** What the posting jobs post with. */
  posting: PostingJobDeps;
  /** Resolves once `mount` has run. */
  mounted: Promise<void>;
  notifier: TutorNotifier;
  /** Registers the Teams, Slack and preview routes on the server (before it listens). */
  mount(server: FastifyInstance): Promise<void>;
}

export function chatSurfaces(options: {
  env: Env;
  platforms: ChatPlatforms;
  repos: Repositories;
  chartKey: Buffer;
  logger: Logger;
}): ChatSurfaces {
  const { env, platforms, repos, logger } = options;
  const chat = createChatApp({
    repos,
    charts: chartLinker(env, repos, options.chartKey),
    options: { timeZone: env.TIMEZONE, claimLapseDays: env.CLAIM_LAPSE_DAYS },
  });
  const posters: Partial<Record<ChatPlatform, ChannelPoster>> = {};
  const delivery = postingDelivery({ repos, posters, logger, lockLifetimeMs: env.JOBS_LOCK_LIFETIME_MS });
  const notifier = chatTutorNotifier(repos, delivery);
  let markMounted: () => void = () => {};
  const mounted = new Promise<void>((resolve) => (markMounted = resolve));

  return {
    chat,
    posting: { repos, digests: chat, delivery, logger },
    mounted,
    notifier: {
      async notify(notification) {
        await mounted;
        await notifier.notify(notification);
      },
    },
    async mount(server) {
      if (platforms.teams) {
        const teams = await registerTeamsBot(server, {
          credentials: platforms.teams,
          chatApp: chat,
          repos,
          logger,
        });
        posters.teams = teams.poster;
        logger.info({ tenants: platforms.teams.allowedTenants.length }, 'teams: serving /api/messages');
      }
      if (platforms.slack) {
        posters.slack = registerSlack(server, {
          chatApp: chat,
          ...platforms.slack,
          logger,
          deliveries: repos.inboundDedupe,
        }).poster;
      }
      // The preview acts as staff without signing in: local mode only, and never with NODE_ENV=production.
      if (env.LOCAL_MODE && env.NODE_ENV === 'production') {
        logger.warn('LOCAL_MODE with NODE_ENV=production: the local preview is not served');
      } else if (env.LOCAL_MODE) {
        servePreview(server, { chat, repos });
      }
      markMounted();
    },
  };
}

/**
 * Chart links point at PUBLIC_BASE_URL (which Teams and Slack require); in local mode without it they are
 * relative, which the preview page, on the same origin, shows.
 */
function chartLinker(env: Env, repos: Repositories, signingKey: Buffer): ChartLinker {
  return createChartLinker({
    charts: repos.chartImages,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? '',
    signingKey,
  });
}

/**
 * The Teams adapter's entry point: `registerTeamsBot(server, deps)` serves POST /api/messages on the
 * service's Fastify (see route.ts) and returns the poster the posting jobs use for Teams conversations;
 * both share one CloudAdapter built from the Teams credentials.
 */
import type { FastifyInstance } from 'fastify';
import type { TeamsCredentials } from '../../src/config/chatPlatforms.ts';
import type { ChannelPoster, ChatApp } from '../../src/chat/ports.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import { renderAdaptiveCard } from './cards.ts';
import { TeamsCloudAdapter } from './cloudAdapter.ts';
import { teamsPoster } from './poster.ts';
import { registerTeams } from './route.ts';

export interface TeamsBotDeps {
  credentials: TeamsCredentials;
  chatApp: ChatApp;
  repos: Pick<Repositories, 'conversations' | 'inboundDedupe'>;
  logger: Logger;
  now?: () => Date;
}

export interface TeamsAdapter {
  poster: ChannelPoster;
}

export async function registerTeamsBot(server: FastifyInstance, deps: TeamsBotDeps): Promise<TeamsAdapter> {
  const adapter = new TeamsCloudAdapter(deps.credentials);
  await registerTeams(server, {
    adapter,
    chatApp: deps.chatApp,
    renderCard: renderAdaptiveCard,
    conversations: deps.repos.conversations,
    inboundDedupe: deps.repos.inboundDedupe,
    logger: deps.logger,
    ...(deps.now ? { now: deps.now } : {}),
  });
  return {
    poster: teamsPoster({ adapter, conversations: deps.repos.conversations, renderCard: renderAdaptiveCard }),
  };
}

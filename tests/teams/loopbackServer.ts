/**
 * The Teams adapter on a real Fastify listening on loopback, in front of a chat app: the Bot Framework's
 * signing keys and token endpoint answered by nock (botFramework.ts), the service's clock fixed at `now`.
 * Tests add their own nock interceptors for the Bot Connector calls they expect.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { TeamsCloudAdapter } from '../../adapters/teams/cloudAdapter.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { registerTeams } from '../../adapters/teams/route.ts';
import type { ChatApp } from '../../src/chat/ports.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import { nockBotToken, nockOpenIdMetadata, TEST_CREDENTIALS, type SigningKey } from './botFramework.ts';

export async function startTeamsServer(options: {
  chatApp: ChatApp;
  repos: Pick<Repositories, 'conversations' | 'inboundDedupe'>;
  signingKey: SigningKey;
  now: () => Date;
}): Promise<{ server: FastifyInstance; messagesUrl: string }> {
  nockOpenIdMetadata([options.signingKey]);
  nockBotToken();
  const server = Fastify();
  await registerTeams(server, {
    adapter: new TeamsCloudAdapter(TEST_CREDENTIALS),
    chatApp: options.chatApp,
    renderCard: renderAdaptiveCard,
    conversations: options.repos.conversations,
    inboundDedupe: options.repos.inboundDedupe,
    logger: createLogger({ level: 'silent' }),
    now: options.now,
  });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return { server, messagesUrl: `${url}/api/messages` };
}

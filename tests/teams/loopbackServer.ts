/**
 * The Teams adapter on a real Fastify listening on loopback, in front of a chat app: the Bot Framework's
 * signing keys and token endpoint answered by nock (botFramework.ts), the service's clock fixed at `now`.
 * The posts and updates the bot makes through the Bot Connector are answered and recorded (`connector`).
 */
import Fastify from 'fastify';
import { TeamsCloudAdapter } from '../../adapters/teams/cloudAdapter.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { registerTeams } from '../../adapters/teams/route.ts';
import type { ChatApp } from '../../src/chat/ports.ts';
import { createLogger, type Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import {
  botFrameworkToken,
  nockBotToken,
  nockOpenIdMetadata,
  recordConnectorCalls,
  TEST_CREDENTIALS,
  type ConnectorCall,
  type SigningKey,
} from './botFramework.ts';

export interface TeamsServer {
  /**
   * POSTs an activity to /api/messages as the Bot Framework does, with a token signed by the published key;
   * `authorization` replaces that header (null sends none).
   */
  post(activity: unknown, authorization?: string | null): Promise<Response>;
  /** The Bot Connector calls the bot has made, in order; empty it (`length = 0`) to watch what follows. */
  connector: ConnectorCall[];
  close(): Promise<void>;
}

/**
 * `signingKey` is the key the Bot Framework publishes (none while its keys cannot be fetched: then `post`
 * needs an `authorization`); `logger` sees the service's log lines (silent otherwise).
 */
export async function startTeamsServer(
  chatApp: ChatApp,
  repos: Pick<Repositories, 'conversations' | 'inboundDedupe'>,
  options: { signingKey?: SigningKey; now?: () => Date; logger?: Logger } = {},
): Promise<TeamsServer> {
  const { signingKey } = options;
  if (signingKey) {
    nockOpenIdMetadata([signingKey]);
    nockBotToken();
  }
  const server = Fastify();
  await registerTeams(server, {
    adapter: new TeamsCloudAdapter(TEST_CREDENTIALS),
    chatApp,
    renderCard: renderAdaptiveCard,
    conversations: repos.conversations,
    inboundDedupe: repos.inboundDedupe,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    ...(options.now ? { now: options.now } : {}),
  });
  const messagesUrl = `${await server.listen({ host: '127.0.0.1', port: 0 })}/api/messages`;
  const signed = () => {
    if (!signingKey) throw new Error('no published signing key: pass the authorization header');
    return `Bearer ${botFrameworkToken(signingKey)}`;
  };
  return {
    post: (activity, authorization = signed()) =>
      fetch(messagesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(activity),
      }),
    connector: recordConnectorCalls(),
    close: () => server.close(),
  };
}

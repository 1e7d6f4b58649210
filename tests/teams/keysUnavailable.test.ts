import Fastify, { type FastifyInstance } from 'fastify';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { TeamsCloudAdapter } from '../../adapters/teams/cloudAdapter.ts';
import { registerTeams } from '../../adapters/teams/route.ts';
import type { ChatApp } from '../../src/chat/ports.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openIngestStore, type IngestStore } from '../ingest/ingestStore.ts';
import {
  TEST_CREDENTIALS,
  botFrameworkToken,
  generateSigningKey,
  nockOpenIdMetadata,
} from './botFramework.ts';
import { teamsFixture } from './fixtures.ts';

/** No request here gets as far as the chat core. */
const unusedChatApp: ChatApp = {
  command: () => Promise.reject(new Error('unused')),
  action: () => Promise.reject(new Error('unused')),
  home: () => Promise.reject(new Error('unused')),
};

describe('Teams while the Bot Framework signing keys cannot be fetched', () => {
  const signingKey = generateSigningKey('bf-key-offline');
  let store: IngestStore;
  let server: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    store = await openIngestStore(1);
    server = Fastify();
    await registerTeams(server, {
      adapter: new TeamsCloudAdapter(TEST_CREDENTIALS),
      chatApp: unusedChatApp,
      renderCard: renderAdaptiveCard,
      conversations: store.repos.conversations,
      inboundDedupe: store.repos.inboundDedupe,
      logger: createLogger({ level: 'silent' }),
    });
    url = `${await server.listen({ host: '127.0.0.1', port: 0 })}/api/messages`;
  });
  afterAll(async () => {
    await server.close();
    await store.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const post = (token: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(teamsFixture('message-channel-mention')),
    });

  it('answers 503 so Teams retries, and 401 only once a token is found really bad', async () => {
    // No interceptor and no network: fetching the OpenID metadata fails as it does when DNS is down.
    const offline = await post(botFrameworkToken(signingKey));
    expect(offline.status).toBe(503);
    expect(await offline.json()).toEqual({ error: 'could not check the request token; try again' });

    nockOpenIdMetadata([signingKey]);
    const wrongAudience = await post(botFrameworkToken(signingKey, { aud: 'another-app' }));
    expect(wrongAudience.status).toBe(401);
  });
});

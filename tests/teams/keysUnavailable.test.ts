import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatApp } from '../../src/chat/ports.ts';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import { openIngestStore, type IngestStore } from '../ingest/ingestStore.ts';
import { botFrameworkToken, generateSigningKey, nockOpenIdMetadata } from './botFramework.ts';
import { teamsFixture } from './fixtures.ts';
import { startTeamsServer, type TeamsServer } from './loopbackServer.ts';

/** No request here gets as far as the chat core. */
const unusedChatApp: ChatApp = {
  command: () => Promise.reject(new Error('unused')),
  action: () => Promise.reject(new Error('unused')),
  home: () => Promise.reject(new Error('unused')),
};

describe('Teams while the Bot Framework signing keys cannot be fetched', () => {
  allowOnlyLoopback();

  const signingKey = generateSigningKey('bf-key-offline');
  let store: IngestStore;
  let teams: TeamsServer;

  beforeAll(async () => {
    store = await openIngestStore(1);
    // No signing key published: the Bot Framework's keys cannot be fetched until the test publishes them.
    teams = await startTeamsServer(unusedChatApp, store.repos);
  });
  afterAll(async () => {
    await teams.close();
    await store.close();
  });

  const post = (token: string) => teams.post(teamsFixture('message-channel-mention'), `Bearer ${token}`);

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

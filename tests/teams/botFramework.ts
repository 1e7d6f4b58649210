/**
 * The Bot Framework's side of a Teams test, at the network boundary: a generated RSA signing key published
 * through nocked OpenID metadata (with the `msteams` endorsement botbuilder checks), Bot Framework JWTs
 * signed with it, the Entra token endpoint the bot's outbound calls use, and the Bot Connector: the member
 * look-ups that tell the bot a sender's email, and the posts and updates it makes, recorded.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import nock from 'nock';
import type { TeamsCredentials } from '../../src/config/chatPlatforms.ts';
import { teamsFixture } from './fixtures.ts';

export const APP_ID = '6c3a1f9e-2b7d-4c1e-9a55-0f3d2e1b7a10';
export const TENANT_ID = '72f9e4c2-5d3f-4e6a-8b9c-0d1e2f3a4b5c';
export const OTHER_TENANT_ID = 'f00dbabe-1111-4222-8333-944455556666';
export const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
/** The Bot Connector's origin, where the fixtures' service URL points. */
export const CONNECTOR = 'https://smba.trafficmanager.net';
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** The bot's credentials in these tests: a single-tenant app that accepts its own tenant only. */
export const TEST_CREDENTIALS: TeamsCredentials = {
  appId: APP_ID,
  appPassword: 'client-secret',
  tenantId: TENANT_ID,
  appType: 'SingleTenant',
  allowedTenants: [TENANT_ID],
};

const OPENID_HOST = 'https://login.botframework.com';
const LOGIN_HOST = 'https://login.microsoftonline.com';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

export function generateSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { kty: 'RSA', use: 'sig', kid, n, e, endorsements: ['msteams'] } };
}

/** Publishes the keys as the Bot Framework does (botbuilder fetches them once and caches them a day). */
export function nockOpenIdMetadata(keys: SigningKey[]): void {
  nock(OPENID_HOST)
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, {
      issuer: BOT_FRAMEWORK_ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${OPENID_HOST}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    })
    .get('/v1/.well-known/keys')
    .reply(200, { keys: keys.map((key) => key.jwk) });
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A Bot Framework channel token; override any claim to make it wrong. */
export function botFrameworkToken(key: SigningKey, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid };
  const payload = {
    serviceurl: SERVICE_URL,
    nbf: now - 60,
    exp: now + 3600,
    iss: BOT_FRAMEWORK_ISSUER,
    aud: APP_ID,
    ...claims,
  };
  const signed = `${base64url(header)}.${base64url(payload)}`;
  const signature = sign('sha256', Buffer.from(signed), key.privateKey).toString('base64url');
  return `${signed}.${signature}`;
}

/** The Entra client-credentials endpoint the bot gets its outbound Bot Connector token from. */
export function nockBotToken(): nock.Scope {
  return nock(LOGIN_HOST).persist().post(`/${TENANT_ID}/oauth2/v2.0/token`).query(true).reply(200, {
    token_type: 'Bearer',
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: 'outbound-token',
  });
}

/** The Bot Connector path of a member of a conversation (a channel's members are the team's). */
export function memberPath(conversationId: string, memberId: string): string {
  return `/emea/v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(memberId)}`;
}

/**
 * Answers the look-up of `memberId` in `conversationId`, as often as the bot asks, with the recorded member
 * profile (tests/fixtures/teams/team-member.json) as `person`: their name and email.
 */
export function nockMember(
  conversationId: string,
  memberId: string,
  person: { name: string; email: string },
): nock.Scope {
  return nock(CONNECTOR)
    .persist()
    .get(memberPath(conversationId, memberId))
    .reply(200, {
      ...teamsFixture('team-member'),
      id: memberId,
      name: person.name,
      email: person.email,
      userPrincipalName: person.email,
    });
}

export interface ConnectorCall {
  method: 'POST' | 'PUT';
  path: string;
  body: { type?: string; attachments?: { contentType: string; content: unknown }[]; replyToId?: string };
}

/**
 * Answers every message the bot posts (POST) or updates (PUT) in a conversation; returns the calls, in
 * order, with their paths decoded. Empty the list (`length = 0`) to watch what follows.
 */
export function recordConnectorCalls(): ConnectorCall[] {
  const calls: ConnectorCall[] = [];
  const record = (method: ConnectorCall['method']) => (path: string, body: nock.Body) => {
    calls.push({ method, path: decodeURIComponent(path), body: body as ConnectorCall['body'] });
    return [200, { id: `sent-${calls.length}` }] as [number, object];
  };
  nock(CONNECTOR)
    .persist()
    .post(/^\/emea\/v3\/conversations\//)
    .reply(record('POST'))
    .put(/^\/emea\/v3\/conversations\//)
    .reply(record('PUT'));
  return calls;
}

/** The adaptive card a posted or updated message carries. */
export const cardIn = (call: ConnectorCall | undefined): unknown => call?.body.attachments?.[0]?.content;

/** The cards of the messages the bot posted (not updated), in order. */
export const postedCards = (calls: ConnectorCall[]): unknown[] =>
  calls.filter((call) => call.method === 'POST').map(cardIn);

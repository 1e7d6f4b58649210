import { FeedConfigSchema } from '../../adapters/connectors/registry.ts';
import { readFile } from 'node:fs/promises';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pullGraph } from '../../adapters/connectors/graph/pull.ts';
import { configureSources } from '../../src/ingest/sourceAdmin.ts';
import { openIngestStore, type IngestStore } from '../ingest/ingestStore.ts';

const TENANT = 'example.onmicrosoft.com';
const env = { GRAPH_CLIENT_SECRET: 'client-secret-value' };
const now = new Date('2026-10-19T06:00:00Z');
const fixture = (name: string) => readFile(new URL(`../fixtures/graph/${name}`, import.meta.url));
const DOWNLOAD = 'https://reports.office.com';
const DOWNLOAD_PATH = '/data/download/JDFKdf2_eJXKS034dbc7e0t__XDe';

describe('polling Microsoft Graph for Teams user activity', () => {
  let ctx: IngestStore;
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    ctx = await openIngestStore(4);
    await configureSources(
      ctx.repos,
      {
        sources: [
          {
            id: 'teams',
            name: 'Microsoft Teams',
            kind: 'teams',
            feed: {
              format: 'activity',
              graph: {
                tenantId: TENANT,
                clientId: '11111111-2222-3333-4444-555555555555',
                clientSecretEnv: 'GRAPH_CLIENT_SECRET',
              },
            },
          },
        ],
      },
      FeedConfigSchema,
    );
  });
  afterEach(async () => {
    nock.cleanAll();
    await ctx.close();
  });

  const token = async () =>
    nock('https://login.microsoftonline.com')
      .post(
        `/${TENANT}/oauth2/v2.0/token`,
        (body: Record<string, string>) =>
          body.grant_type === 'client_credentials' &&
          body.client_secret === env.GRAPH_CLIENT_SECRET &&
          body.scope === 'https://graph.microsoft.com/.default',
      )
      .reply(200, JSON.parse((await fixture('token.json')).toString('utf8')) as nock.Body);
  const report = async () => {
    nock('https://graph.microsoft.com', { reqheaders: { authorization: /^Bearer eyJ/ } })
      .get("/v1.0/reports/getTeamsUserActivityUserDetail(period='D7')")
      .reply(302, '', { location: `${DOWNLOAD}${DOWNLOAD_PATH}` });
    nock(DOWNLOAD)
      .get(DOWNLOAD_PATH)
      .reply(200, await fixture('teams-user-activity-D7.csv'), {
        'content-type': 'application/octet-stream',
      });
  };
  const counts = async () =>
    Object.fromEntries(
      (await ctx.repos.measures.measuresForWeek('2026-W42'))
        .filter((m) => m.sourceId === 'teams')
        .map((m) => [m.studentId, m.count]),
    );

  it('follows the report redirect and counts each student’s Teams activity for the week, zero for the silent', async () => {
    await token();
    await report();
    const outcome = await pullGraph(ctx.repos, 'teams', { env, now });
    expect(outcome).toMatchObject({ status: 'applied', good: 2, quarantined: 1 });
    expect(await counts()).toEqual({ S1: 15, S2: 1, S3: 0, S4: 0 });
    const [entry] = await ctx.repos.quarantine.list({ sourceId: 'teams' }, 10);
    expect(entry?.reason).toMatch(/not an enrolled student/);
    expect(nock.isDone()).toBe(true);
  });

  it('the same report polled again is recognised and not applied twice', async () => {
    await token();
    await report();
    await pullGraph(ctx.repos, 'teams', { env, now });
    await token();
    await report();
    expect((await pullGraph(ctx.repos, 'teams', { env, now })).status).toBe('duplicate');
    expect((await counts()).S1).toBe(15);
  });

  it('a refused token fails naming the connector and the error code, never the secret', async () => {
    nock('https://login.microsoftonline.com')
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .reply(401, JSON.parse((await fixture('token-error.json')).toString('utf8')) as nock.Body);
    const failure = pullGraph(ctx.repos, 'teams', { env, now });
    await expect(failure).rejects.toThrow(/graph: token: HTTP 401: invalid_client/);
    await expect(failure).rejects.not.toThrow(env.GRAPH_CLIENT_SECRET);
  });
});

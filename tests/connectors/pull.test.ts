import { FeedConfigSchema } from '../../adapters/connectors/registry.ts';
import { readFile } from 'node:fs/promises';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import type { PullResult } from '../../adapters/connectors/connector.ts';
import { configureSources } from '../../src/ingest/sourceAdmin.ts';
import { captureOutput } from '../helpers/captureOutput.ts';
import { openIngestStore, type IngestStore } from '../ingest/ingestStore.ts';

const TENANT = 'example.onmicrosoft.com';
const fixture = (name: string) => readFile(new URL(`../fixtures/graph/${name}`, import.meta.url));

describe('engage pull', () => {
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
                clientId: 'engage-app',
                clientSecretEnv: 'ENGAGE_TEST_GRAPH_SECRET',
              },
            },
          },
        ],
      },
      FeedConfigSchema,
    );
    await ctx.release();
  });
  afterEach(async () => {
    nock.cleanAll();
    vi.unstubAllEnvs();
    await ctx.close();
  });
  const run = async (...args: string[]) => {
    const out = captureOutput();
    const code = await runCli([...args, '--data-dir', ctx.dataDir], out, {});
    return { code, out };
  };

  it("runs the source's connector once and reports the delivery", async () => {
    vi.stubEnv('ENGAGE_TEST_GRAPH_SECRET', 'secret');
    nock('https://login.microsoftonline.com')
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .reply(200, JSON.parse((await fixture('token.json')).toString('utf8')) as nock.Body);
    nock('https://graph.microsoft.com')
      .get("/v1.0/reports/getTeamsUserActivityUserDetail(period='D7')")
      .reply(302, '', { location: 'https://reports.office.com/data/download/abc' });
    nock('https://reports.office.com')
      .get('/data/download/abc')
      .reply(200, await fixture('teams-user-activity-D7.csv'));
    const { code, out } = await run('pull', 'teams', '--json');
    expect(code).toBe(0);
    const result = out.parsedJson() as PullResult;
    expect(result.outcomes.map(({ status, good, quarantined }) => ({ status, good, quarantined }))).toEqual([
      { status: 'applied', good: 2, quarantined: 1 },
    ]);
  });

  it('fails naming the missing secret variable', async () => {
    const { code, out } = await run('pull', 'teams');
    expect(code).toBe(1);
    expect(out.stderr.join('\n')).toMatch(/ENGAGE_TEST_GRAPH_SECRET is not set/);
  });
});

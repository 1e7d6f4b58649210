import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { startService } from '../../adapters/runtime/service.ts';
import { signSlackBody } from '../../adapters/slack/signature.ts';
import { withTempDir } from '../helpers/tempDir.ts';
import { fixture } from './harness.ts';

describe('the service with Slack credentials', () => {
  it('serves /slack/events on its own port: a signed url_verification is answered, an unsigned one refused', async () => {
    await withTempDir(async (dir) => {
      const env = loadEnv({
        DATA_DIR: dir,
        HOST: '127.0.0.1',
        PORT: '0',
        SLACK_SIGNING_SECRET: 'service-test-signing-secret',
        SLACK_BOT_TOKEN: 'xoxb-service-test',
        CHART_SIGNING_KEY: 'a-chart-signing-key-of-at-least-32-characters',
        PUBLIC_BASE_URL: 'https://engage.example.ac.uk',
      });
      const service = await startService(env, createLogger({ level: 'silent' }));
      try {
        const body = JSON.stringify(fixture('url-verification'));
        const timestamp = Math.floor(Date.now() / 1000);
        const post = (headers: Record<string, string>) =>
          fetch(`${service.url}/slack/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body,
          });
        const signed = await post({
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signSlackBody('service-test-signing-secret', timestamp, body),
        });
        expect(signed.status).toBe(200);
        expect(await signed.json()).toEqual({
          challenge: fixture<{ challenge: string }>('url-verification').challenge,
        });
        expect((await post({})).status).toBe(401);
      } finally {
        await service.stop();
      }
    });
  });
});

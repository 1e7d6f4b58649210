import { describe, expect, it } from 'vitest';
import { startService } from '../../adapters/runtime/service.ts';
import { loadEnv } from '../../src/config/env.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { withTempDir } from '../helpers/tempDir.ts';
import { APP_ID, TENANT_ID } from './botFramework.ts';
import { teamsFixture } from './fixtures.ts';

async function postActivity(url: string): Promise<number> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(teamsFixture('message-channel-mention')),
  });
  return response.status;
}

describe('the service with Teams credentials', () => {
  it('serves /api/messages and refuses an unauthenticated activity', async () => {
    await withTempDir(async (dir) => {
      const env = loadEnv({
        DATA_DIR: dir,
        HOST: '127.0.0.1',
        PORT: '0',
        PUBLIC_BASE_URL: 'https://engage.example.ac.uk',
        CHART_SIGNING_KEY: 'a-test-signing-key-of-at-least-32-characters',
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: 'client-secret',
        MICROSOFT_APP_TENANT_ID: TENANT_ID,
      });
      const service = await startService(env, createLogger({ level: 'silent' }));
      try {
        expect(await postActivity(service.url)).toBe(401);
      } finally {
        await service.stop();
      }
    });
  });

  it('has no Teams endpoint in LOCAL_MODE without credentials', async () => {
    await withTempDir(async (dir) => {
      const env = loadEnv({ DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOCAL_MODE: '1' });
      const service = await startService(env, createLogger({ level: 'silent' }));
      try {
        expect(await postActivity(service.url)).toBe(404);
      } finally {
        await service.stop();
      }
    });
  });
});

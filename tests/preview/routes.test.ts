// The local preview's HTTP face on the real service: served only in local mode (never with production
// settings or real platform credentials), to this machine only, and bad requests get a 400 saying what.
import { describe, expect, it } from 'vitest';
import { startService } from '../../adapters/runtime/service.ts';
import { loadEnv } from '../../src/config/env.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { withTempDir } from '../helpers/tempDir.ts';

const quiet = createLogger({ level: 'silent' });

async function withService(
  vars: Record<string, string>,
  run: (url: string, service: Awaited<ReturnType<typeof startService>>) => Promise<void>,
) {
  await withTempDir(async (dir) => {
    const env = loadEnv({ DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', ...vars });
    const service = await startService(env, quiet);
    try {
      await run(service.url, service);
    } finally {
      await service.stop();
    }
  });
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the local preview endpoints', () => {
  it('in local mode serve the page, the renderer and answer bad requests with the reason', async () => {
    await withService({ LOCAL_MODE: '1' }, async (url) => {
      const page = await fetch(`${url}/preview`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const renderer = await fetch(`${url}/preview/assets/adaptivecards.min.js`);
      expect(renderer.status).toBe(200);
      expect(renderer.headers.get('content-type')).toMatch(/javascript/);
      expect((await renderer.text()).length).toBeGreaterThan(100_000);
      expect((await fetch(`${url}/preview/assets/secrets.json`)).status).toBe(404);

      const missingChannel = await post(`${url}/preview/api/action`, {
        as: 'STF0001',
        data: { op: 'logContact', studentId: 'S0000001' },
      });
      expect(missingChannel.status).toBe(400);
      expect(((await missingChannel.json()) as { error: string }).error).toMatch(/^data\.channel: /);

      const empty = await post(`${url}/preview/api/command`, { as: 'STF0001', text: '  ' });
      expect(empty.status).toBe(400);
      expect(((await empty.json()) as { error: string }).error).toMatch(/text: type a command/);

      const stranger = await post(`${url}/preview/api/command`, { as: 'STF9999', text: 'digest' });
      expect(stranger.status).toBe(400);
      expect(((await stranger.json()) as { error: string }).error).toMatch(/not one of the preview personas/);
    });
  });

  it('refuse requests from another machine', async () => {
    await withService({ LOCAL_MODE: '1' }, async (_url, service) => {
      const remote = await service.server.inject({
        method: 'GET',
        url: '/preview',
        remoteAddress: '10.20.30.40',
      });
      expect(remote.statusCode).toBe(403);
      const local = await service.server.inject({
        method: 'GET',
        url: '/preview',
        remoteAddress: '127.0.0.1',
      });
      expect(local.statusCode).toBe(200);
    });
  });

  it('refuse a loopback request addressed to another name or sent from another origin (DNS rebinding)', async () => {
    await withService({ LOCAL_MODE: '1' }, async (_url, service) => {
      const personas = (headers: Record<string, string>) =>
        service.server.inject({
          method: 'GET',
          url: '/preview/api/personas',
          remoteAddress: '127.0.0.1',
          headers,
        });
      const rebound = await service.server.inject({
        method: 'POST',
        url: '/preview/api/command',
        remoteAddress: '127.0.0.1',
        headers: { 'content-type': 'application/json', host: 'evil.example', origin: 'http://evil.example' },
        payload: { as: 'STF0001', text: 'student S0000001' },
      });
      expect(rebound.statusCode).toBe(403);
      expect((await personas({ host: 'evil.example:8080' })).statusCode).toBe(403);
      expect((await personas({ host: '127.0.0.1:8080', origin: 'http://evil.example' })).statusCode).toBe(
        403,
      );
      expect((await personas({ host: 'localhost:8080', origin: 'http://localhost:8080' })).statusCode).toBe(
        200,
      );
      expect((await personas({ host: '[::1]:8080' })).statusCode).toBe(200);
    });
  });

  it('are not there with production settings or outside local mode', async () => {
    await withService({ LOCAL_MODE: '1', NODE_ENV: 'production' }, async (url) => {
      expect((await fetch(`${url}/preview`)).status).toBe(404);
    });
    await withService(
      {
        SLACK_SIGNING_SECRET: 'test-signing-secret',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        PUBLIC_BASE_URL: 'https://engage.example.ac.uk',
        CHART_SIGNING_KEY: 'a-chart-signing-key-of-at-least-32-characters',
      },
      async (url) => {
        expect((await fetch(`${url}/preview`)).status).toBe(404);
        expect((await post(`${url}/preview/api/command`, { as: 'STF0001', text: 'digest' })).status).toBe(
          404,
        );
      },
    );
  });
});

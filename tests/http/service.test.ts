import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { startService } from '../../adapters/runtime/service.ts';
import { openStore } from '../../adapters/store/openStore.ts';
import { withTempDir } from '../helpers/tempDir.ts';

const ENGAGE_BIN = new URL('../../adapters/cli/engage.js', import.meta.url).pathname;

describe('the service', () => {
  it('serves health and readiness on the embedded store and releases the store on stop', async () => {
    await withTempDir(async (dir) => {
      const env = loadEnv({ DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOCAL_MODE: '1' });
      const service = await startService(env, createLogger({ level: 'silent' }));
      try {
        const health = await fetch(`${service.url}/healthz`);
        expect(health.status).toBe(200);
        const body = (await health.json()) as {
          status: string;
          version: string;
          store: { kind: string };
          jobs: unknown;
        };
        expect(body.status).toBe('ok');
        expect(body.store.kind).toBe('embedded');
        expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
        expect(body.jobs).toBeTypeOf('object');

        const ready = await fetch(`${service.url}/readyz`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toEqual({ ready: true });
      } finally {
        await service.stop();
      }
      await service.stopped;
      const reopened = await openStore({ dataDir: dir });
      await reopened.close();
    });
  });

  it('`engage serve` in LOCAL_MODE with no credentials starts, warns, answers /healthz, and shuts down cleanly on SIGTERM', async () => {
    await withTempDir(async (dir) => {
      const child = spawn(process.execPath, [ENGAGE_BIN, 'serve'], {
        cwd: dir,
        env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOCAL_MODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const logs: Array<{ msg: string; url?: string }> = [];
      const lines = createInterface({ input: child.stderr });
      const url = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`engage serve exited early with ${code}`)));
        lines.on('line', (line) => {
          const entry = JSON.parse(line) as { msg: string; url?: string };
          logs.push(entry);
          if (entry.msg === 'engage listening' && entry.url) resolve(entry.url);
        });
      });
      const health = (await (await fetch(`${url}/healthz`)).json()) as { store: { kind: string } };
      expect(health.store.kind).toBe('embedded');

      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(logs.map((entry) => entry.msg)).toContain('shut down cleanly');
      expect(logs.some((entry) => entry.msg.startsWith('LOCAL_MODE: no Teams or Slack credentials'))).toBe(
        true,
      );
      expect(JSON.stringify(logs)).not.toMatch(/@|student\.example/);
    });
  });
});

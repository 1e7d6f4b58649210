// `npm run package:slack`: the Slack app manifest with this installation's address in every request URL,
// ready to paste; without PUBLIC_BASE_URL it says so and writes nothing.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../helpers/tempDir.ts';

const PACKAGER = new URL('../../adapters/slack/packageSlack.ts', import.meta.url).pathname;

function runPackager(env: Record<string, string>, out: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', PACKAGER, '--out', out], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
}

describe('the Slack app manifest', () => {
  it('is written with PUBLIC_BASE_URL in the command, interactivity and events URLs, and no placeholder host', async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'slack-manifest.yml');
      const result = await runPackager({ PUBLIC_BASE_URL: 'https://engage.uni.example.ac.uk/tutors' }, out);
      expect(result).toEqual({ code: 0, stderr: '' });
      const text = readFileSync(out, 'utf8');
      expect(text).not.toContain('engage.example.ac.uk');
      const manifest = parse(text) as {
        features: { slash_commands: { command: string; url: string }[] };
        settings: { event_subscriptions: { request_url: string }; interactivity: { request_url: string } };
      };
      const url = 'https://engage.uni.example.ac.uk/tutors/slack/events';
      expect(manifest.features.slash_commands).toEqual([
        expect.objectContaining({ command: '/engage', url }),
      ]);
      expect(manifest.settings.event_subscriptions.request_url).toBe(url);
      expect(manifest.settings.interactivity.request_url).toBe(url);
    });
  });

  it('refuses without PUBLIC_BASE_URL, naming it, and writes nothing', async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'slack-manifest.yml');
      const result = await runPackager({}, out);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^PUBLIC_BASE_URL: required/);
      expect(existsSync(out)).toBe(false);
    });
  });
});

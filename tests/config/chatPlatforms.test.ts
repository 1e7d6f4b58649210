import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { resolveChatPlatforms } from '../../src/config/chatPlatforms.ts';
import { ConfigError, loadEnv } from '../../src/config/env.ts';
import { withTempDir } from '../helpers/tempDir.ts';

const ENGAGE_BIN = new URL('../../adapters/cli/engage.js', import.meta.url).pathname;
const APP_ID = '3f0c8a8e-6c1b-4c8e-9d55-2f3b8d1e7a10';
const TENANT = 'b1a7e4c2-5d3f-4e6a-8b9c-0d1e2f3a4b5c';
const TEAMS = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TENANT_ID: TENANT };
const SLACK = { SLACK_SIGNING_SECRET: 'abc123', SLACK_BOT_TOKEN: 'xoxb-1-2-3' };

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('which chat platforms the service runs', () => {
  it('turns Teams on when its three credentials are set, allowing only its own tenant by default', () => {
    const platforms = resolveChatPlatforms(loadEnv(TEAMS));
    expect(platforms.teams).toEqual({
      appId: APP_ID,
      appPassword: 'secret',
      tenantId: TENANT,
      appType: 'SingleTenant',
      allowedTenants: [TENANT],
    });
    expect(platforms.slack).toBeNull();
    expect(platforms.localOnly).toBe(false);
  });

  it('takes the tenant allow-list and the app type from the environment', () => {
    const other = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const platforms = resolveChatPlatforms(
      loadEnv({
        ...TEAMS,
        TEAMS_ALLOWED_TENANTS: ` ${TENANT}, ${other} `,
        MICROSOFT_APP_TYPE: 'MultiTenant',
      }),
    );
    expect(platforms.teams?.allowedTenants).toEqual([TENANT, other]);
    expect(platforms.teams?.appType).toBe('MultiTenant');
  });

  it('runs both platforms when both are configured', () => {
    const platforms = resolveChatPlatforms(
      loadEnv({ ...TEAMS, ...SLACK, PUBLIC_BASE_URL: 'https://e.example' }),
    );
    expect(platforms.teams?.appId).toBe(APP_ID);
    expect(platforms.slack).toEqual({ signingSecret: 'abc123', botToken: 'xoxb-1-2-3' });
  });

  it('refuses Slack without PUBLIC_BASE_URL, from which Slack fetches chart images', () => {
    const problems = problemsOf(() => resolveChatPlatforms(loadEnv(SLACK)));
    expect(problems).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL: required for Slack: .*chart images/)]);
    expect(
      resolveChatPlatforms(loadEnv({ ...SLACK, PUBLIC_BASE_URL: 'https://e.example' })).slack,
    ).not.toBeNull();
  });

  it('refuses half a set of credentials, naming each missing variable', () => {
    const problems = problemsOf(() =>
      resolveChatPlatforms(loadEnv({ MICROSOFT_APP_ID: APP_ID, SLACK_BOT_TOKEN: 'xoxb-1', LOCAL_MODE: '1' })),
    );
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/MICROSOFT_APP_PASSWORD: required for Teams/);
    expect(problems.join('\n')).toMatch(/MICROSOFT_APP_TENANT_ID: required for Teams/);
    expect(problems.join('\n')).toMatch(/SLACK_SIGNING_SECRET: required for Slack/);
  });

  it('refuses to run with no platform unless LOCAL_MODE=1', () => {
    const problems = problemsOf(() => resolveChatPlatforms(loadEnv({})));
    expect(problems[0]).toMatch(
      /no chat platform configured.*MICROSOFT_APP_ID.*SLACK_SIGNING_SECRET.*LOCAL_MODE=1/,
    );
    expect(resolveChatPlatforms(loadEnv({ LOCAL_MODE: '1' }))).toEqual({
      teams: null,
      slack: null,
      localOnly: true,
    });
  });

  it('refuses malformed Teams ids and tenant lists, naming the variable', () => {
    const problems = problemsOf(() =>
      loadEnv({ ...TEAMS, MICROSOFT_APP_ID: 'my-bot', TEAMS_ALLOWED_TENANTS: `${TENANT},contoso` }),
    );
    expect(problems).toEqual([
      'MICROSOFT_APP_ID: expected a GUID such as 00000000-0000-0000-0000-000000000000 (got "my-bot")',
      `TEAMS_ALLOWED_TENANTS: expected a comma-separated list of tenant GUIDs (got "${TENANT},contoso")`,
    ]);
  });

  it('`engage serve` with no credentials and no LOCAL_MODE exits 1 with the reason on stderr', async () => {
    await withTempDir(async (dir) => {
      const child = spawn(process.execPath, [ENGAGE_BIN, 'serve'], {
        cwd: dir,
        env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toMatch(/no chat platform configured/);
      expect(stderr).toMatch(/LOCAL_MODE=1/);
    });
  });
});

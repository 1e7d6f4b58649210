import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../../src/config/env.ts';

describe('configuration from the environment', () => {
  it('runs with no environment at all: embedded store under ./data, port 3978, London digest at 08:00 Monday', () => {
    const env = loadEnv({});
    expect(env.MONGODB_URI).toBeUndefined();
    expect(env.DATA_DIR).toBe('./data');
    expect(env.PORT).toBe(3978);
    expect(env.TIMEZONE).toBe('Europe/London');
    expect(env.DIGEST_CRON).toBe('0 8 * * 1');
    expect(env.LOCAL_MODE).toBe(false);
  });

  it('refuses bad values, naming every offending variable and what it got', () => {
    let error: unknown;
    try {
      loadEnv({ PORT: 'eighty', MONGODB_URI: 'postgres://x', TIMEZONE: 'Mars/Olympus', LOCAL_MODE: 'yes' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('"eighty"');
    expect(message).toContain('MONGODB_URI: expected a mongodb:// or mongodb+srv:// connection string');
    expect(message).toContain('TIMEZONE: expected an IANA time zone');
    expect(message).toContain('LOCAL_MODE');
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('lets a claim lapse after 7 days unless CLAIM_LAPSE_DAYS says another whole number of days up to 60', () => {
    expect(loadEnv({}).CLAIM_LAPSE_DAYS).toBe(7);
    expect(loadEnv({ CLAIM_LAPSE_DAYS: '3' }).CLAIM_LAPSE_DAYS).toBe(3);
    for (const [given, reason] of [
      ['0', 'expected 1 to 60 days'],
      ['61', 'expected 1 to 60 days'],
      ['2.5', 'expected a whole number of days'],
      ['a week', 'expected a whole number of days'],
    ]) {
      expect(() => loadEnv({ CLAIM_LAPSE_DAYS: given })).toThrow(`CLAIM_LAPSE_DAYS: ${reason}`);
    }
  });

  it('never prints the value of a secret it refuses', () => {
    const secrets = {
      CHART_SIGNING_KEY: 'short-but-secret-key',
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret-1234',
      SLACK_SIGNING_SECRET: '',
      SMTP_URL: 'smtp://user:mail-password@ mail.example.ac.uk',
    };
    let error: unknown;
    try {
      loadEnv({ ...secrets, MICROSOFT_APP_ID: 'not-a-guid' });
    } catch (caught) {
      error = caught;
    }
    const message = (error as ConfigError).message;
    expect(message).toContain('CHART_SIGNING_KEY: expected at least 32 characters');
    expect(message).toContain('SLACK_BOT_TOKEN: expected a Slack bot token starting with xoxb-');
    expect(message).toContain('SMTP_URL');
    expect(message).toContain('"not-a-guid"');
    for (const value of ['short-but-secret-key', 'xoxp-user-token-secret-1234', 'mail-password']) {
      expect(message).not.toContain(value);
    }
  });

  it('treats empty variables as unset and lets command-line overrides win', () => {
    const env = loadEnv({ DATA_DIR: '/srv/engage', PORT: '' }, { DATA_DIR: '/tmp/other' });
    expect(env.DATA_DIR).toBe('/tmp/other');
    expect(env.PORT).toBe(3978);
  });

  it('accepts a MongoDB URI and a custom digest schedule', () => {
    const env = loadEnv({
      MONGODB_URI: 'mongodb+srv://u:p@cluster.example/engage',
      DIGEST_CRON: '30 7 * * 1',
    });
    expect(env.MONGODB_URI).toBe('mongodb+srv://u:p@cluster.example/engage');
    expect(env.DIGEST_CRON).toBe('30 7 * * 1');
  });
});

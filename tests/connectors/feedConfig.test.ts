import { describe, expect, it } from 'vitest';
import { FeedConfigSchema } from '../../adapters/connectors/registry.ts';

const moodle = { baseUrl: 'https://moodle.example.ac.uk', tokenEnv: 'MOODLE_TOKEN', courseIds: [42] };
const issues = (input: unknown) => {
  const parsed = FeedConfigSchema.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('connector configuration in a feed', () => {
  it('takes one pull connector, with its cron defaulted', () => {
    const feed = FeedConfigSchema.parse({ sourceId: 'moodle', format: 'activity', moodle });
    expect(feed.moodle?.cron).toBe('0 2 * * *');
    expect(feed.moodle?.studentField).toBe('idnumber');
  });

  it('refuses two pull connectors on one source', () => {
    const graph = { tenantId: 't', clientId: 'c', clientSecretEnv: 'GRAPH_SECRET' };
    expect(issues({ sourceId: 'x', format: 'activity', moodle, graph })).toEqual([
      'graph: a source is fed by one pull connector, not moodle and graph',
    ]);
  });

  it('refuses a submissions source the feed does not map, saying how to', () => {
    expect(
      issues({ sourceId: 'x', format: 'activity', moodle: { ...moodle, submissionsSourceId: 'cw' } }),
    ).toEqual([
      'moodle.submissionsSourceId: "cw" must also be a value of sourceValues (e.g. "submission": "cw")',
    ]);
  });

  it('refuses a secret written in place of its environment variable, and a plain xAPI password', () => {
    expect(
      issues({ sourceId: 'x', format: 'activity', moodle: { ...moodle, tokenEnv: 'a1b2c3d4' } }),
    ).toEqual(['moodle.tokenEnv: expected an environment variable name']);
    expect(
      issues({ sourceId: 'x', format: 'activity', xapi: { username: 'lrs', passwordHash: 'hunter2' } }),
    ).toEqual(['xapi.passwordHash: expected scrypt$<salt>$<key>']);
  });

  it('refuses an SFTP pull without a host key fingerprint or any way to sign in', () => {
    const sftp = { host: 'h', username: 'u', dir: '/in', archiveDir: '/done' };
    expect(
      issues({
        sourceId: 'x',
        format: 'activity',
        sftp: { ...sftp, hostKeySha256: 'SHA256:' + 'A'.repeat(43) },
      }),
    ).toEqual(['sftp: needs privateKeyPath or passwordEnv']);
    expect(issues({ sourceId: 'x', format: 'activity', sftp: { ...sftp, passwordEnv: 'PW' } })[0]).toMatch(
      /^sftp\.hostKeySha256/,
    );
  });
});

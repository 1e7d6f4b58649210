// Opening the MongoDB store when MONGODB_URI names no server, or a malformed string: a prompt failure that
// names the variable and never shows the password. Needs no MongoDB server.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FIRST_CONNECT_TIMEOUT_MS, openMongoStore } from '../../adapters/store/mongo/index.ts';
import { loadEnv } from '../../src/config/env.ts';
import { redactCredentials, redactValue } from '../../src/config/redact.ts';

const PASSWORD = 's3cr3t-Pa55';

/** A loopback port that nothing listens on: taken from the system, then freed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('opening the MongoDB store', () => {
  it('fails within the first-connect timeout when no server answers, naming MONGODB_URI but not the password', async () => {
    const uri = `mongodb://engage:${PASSWORD}@127.0.0.1:${await closedPort()}/engage`;
    const started = Date.now();
    const error = await openMongoStore({ uri }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;

    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^MONGODB_URI \(mongodb:\/\/engage:\*\*\*@127\.0\.0\.1:\d+\/engage\): /);
    expect(message).toContain('no server answered within 5 s');
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain(PASSWORD);
    // The driver alone waits 30 s; a bound well under that, and not under the timeout itself.
    expect(elapsed).toBeGreaterThanOrEqual(FIRST_CONNECT_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(FIRST_CONNECT_TIMEOUT_MS + 5_000);
  });

  it('refuses a malformed connection string naming MONGODB_URI but not the password', async () => {
    const error = await openMongoStore({ uri: `mongodb://engage:${PASSWORD}@/?replicaSet` }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/^MONGODB_URI \(mongodb:\/\/engage:\*\*\*@/);
    expect((error as Error).message).not.toContain(PASSWORD);
  });

  it('does not echo the password of a rejected MONGODB_URI in the configuration error', () => {
    const error = (() => {
      try {
        loadEnv({ MONGODB_URI: `mongodb:/engage:${PASSWORD}@db.internal/engage` });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toContain('MONGODB_URI');
    expect(error?.message).toContain('engage:***@db.internal');
    expect(error?.message).not.toContain(PASSWORD);
  });
});

describe('redacting connection strings', () => {
  it('hides the password of every URI in a text, and of a whole value even without a scheme', () => {
    expect(redactCredentials('a mongodb://u:p@h:1/db and postgres://x:y@z/ here')).toBe(
      'a mongodb://u:***@h:1/db and postgres://x:***@z/ here',
    );
    expect(redactCredentials('mongodb+srv://u:p%40ss@h/db')).toBe('mongodb+srv://u:***@h/db');
    expect(redactCredentials('mongodb://h:27017/db')).toBe('mongodb://h:27017/db');
    expect(redactValue('u:p@h/db')).toBe('u:***@h/db');
    expect(redactValue('mongodb:/u:p@h/db')).toBe('mongodb:/u:***@h/db');
  });
});

/**
 * For the tests of the file or `describe` it is called in: nock refuses every connection but loopback (the
 * real Fastify the tests talk to), and afterwards every interceptor is removed and the network restored.
 */
import nock from 'nock';
import { afterAll, beforeAll } from 'vitest';

export function allowOnlyLoopback(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}

import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import type { ChatApp } from '../../src/chat/ports.ts';
import {
  fixture,
  formBody,
  interactionBody,
  sendToSlackEvents,
  startSlackServer,
  type SlackServer,
} from './harness.ts';

/** A chat app that records being asked anything: a refused request must reach none of it. */
function watchedChatApp(asked: string[]): ChatApp {
  const refuse = (what: string) => {
    asked.push(what);
    throw new Error('the chat core must not be reached');
  };
  return {
    command: async () => refuse('command'),
    action: async () => refuse('action'),
    home: async () => refuse('home'),
  };
}

describe('Slack request signatures on /slack/events', () => {
  allowOnlyLoopback();

  const asked: string[] = [];
  let slack: SlackServer;
  const command = formBody(fixture('slash-command', { text: 'student S0001' }));

  beforeAll(async () => {
    slack = await startSlackServer(watchedChatApp(asked));
  });
  afterEach(() => {
    expect(asked).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
  });
  afterAll(async () => {
    await slack.close();
  });

  const refused = async (response: Response, reason: RegExp) => {
    expect(response.status).toBe(401);
    expect(((await response.json()) as { reason: string }).reason).toMatch(reason);
  };

  it('refuses a request signed more than five minutes ago (a replay)', async () => {
    const stale = Math.floor(Date.now() / 1000) - 5 * 60 - 30;
    await refused(await sendToSlackEvents(slack, command, { timestamp: stale }), /five minutes/);
  });

  it('refuses a request stamped more than five minutes in the future', async () => {
    const future = Math.floor(Date.now() / 1000) + 5 * 60 + 30;
    await refused(await sendToSlackEvents(slack, command, { timestamp: future }), /five minutes/);
  });

  it('refuses a body changed after signing', async () => {
    const tampered = command.replace('student+S0001', 'student+S0002');
    expect(tampered).not.toBe(command);
    await refused(await sendToSlackEvents(slack, tampered, { signedBody: command }), /does not match/);
  });

  it('refuses a request signed with another secret or without the signature headers', async () => {
    const forged = await fetch(`${slack.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': 'v0=' + 'ab'.repeat(32),
      },
      body: command,
    });
    await refused(forged, /does not match/);
    await refused(await sendToSlackEvents(slack, command, { unsigned: true }), /missing/);
    const events = JSON.stringify(fixture('app-home-opened'));
    await refused(
      await sendToSlackEvents(slack, events, { contentType: 'application/json', unsigned: true }),
      /missing/,
    );
    const action = interactionBody(fixture('block-actions'));
    await refused(
      await sendToSlackEvents(slack, action, { headers: { 'x-slack-signature': 'v1=00' } }),
      /does not match/,
    );
  });

  it("answers Slack's url_verification handshake only when it is signed", async () => {
    const handshake = JSON.stringify(fixture('url-verification'));
    const answered = await sendToSlackEvents(slack, handshake, { contentType: 'application/json' });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({
      challenge: fixture<{ challenge: string }>('url-verification').challenge,
    });
    await refused(
      await sendToSlackEvents(slack, handshake, { contentType: 'application/json', unsigned: true }),
      /missing/,
    );
  });
});

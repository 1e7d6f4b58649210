import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import type { ChatApp } from '../../src/chat/ports.ts';
import {
  fixture,
  formBody,
  HOOKS,
  interactionBody,
  interceptOnce,
  sendToSlackEvents,
  slackUsers,
  startSlackServer,
  type SlackServer,
} from './harness.ts';

/** The chat core failing (its store unreachable, say) after Slack has been acknowledged. */
const failingChatApp: ChatApp = {
  command: () => Promise.reject(new Error('store unreachable')),
  action: () => Promise.reject(new Error('store unreachable')),
  home: () => Promise.reject(new Error('store unreachable')),
};

describe('when the answer fails after the acknowledgement', () => {
  allowOnlyLoopback();

  let slack: SlackServer;
  beforeAll(async () => {
    slack = await startSlackServer(failingChatApp);
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    await slack.close();
  });

  it('a slash command or a button still gets a private "could not answer" instead of silence', async () => {
    slackUsers({ U2147483697: { email: 'sam.lee@example.ac.uk', name: 'Sam Lee' } });
    const ack = await sendToSlackEvents(slack, formBody(fixture('slash-command', { text: 'digest' })));
    expect(ack.status).toBe(200);
    const body = (await ack.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(body.text)).toMatch(/could not answer/);

    const toldAgain = interceptOnce(HOOKS, '/actions/T0001/1395872398/6f0c4c1b3e2f5b8a9d7e6c5b', {});
    const press = await sendToSlackEvents(slack, interactionBody(fixture('block-actions')));
    expect(press.status).toBe(200);
    expect(String((await toldAgain).body.text)).toMatch(/could not answer/);
  });

  it('a slash command failing after an empty acknowledgement is told so through response_url', async () => {
    slackUsers({ U2147483697: { email: 'sam.lee@example.ac.uk', name: 'Sam Lee' } });
    let fail: () => void = () => {};
    const released = new Promise<void>((resolve) => (fail = resolve));
    const slow = await startSlackServer(
      {
        ...failingChatApp,
        command: () =>
          released.then(() => {
            throw new Error('store unreachable');
          }),
      },
      { ackAnswerBudgetMs: 0 },
    );
    try {
      const told = interceptOnce(HOOKS, '/commands/T0001/1234567890/abcdefGHIJKLmnopQRSTuvwx', {});
      const ack = await sendToSlackEvents(
        slow,
        formBody(fixture('slash-command', { text: 'digest', trigger_id: 'trigger-slow-failure' })),
      );
      expect(ack.status).toBe(200);
      expect(await ack.text()).toBe('');
      fail();
      const { body } = await told;
      expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(String(body.text)).toMatch(/could not answer/);
    } finally {
      await slow.close();
    }
  });
});

import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allowOnlyLoopback } from '../helpers/loopbackOnly.ts';
import type { NoticeView } from '../../src/chat/views/viewModel.ts';
import { renderBlocks } from '../../adapters/slack/blocks.ts';
import { BOT_TOKEN, interceptOnce, SLACK_API, startSlackServer, type SlackServer } from './harness.ts';
import type { ChatApp } from '../../src/chat/ports.ts';

const notice: NoticeView = {
  kind: 'notice',
  tone: 'info',
  title: 'Monday digest — BSc Computer Science, year 2',
  text: '12 students are declining this week.',
  buttons: [{ label: 'Show declining', action: { op: 'showList', list: 'declining' } }],
};

/** Proactive posting never reaches the chat core's request handlers. */
const unusedChatApp: ChatApp = {
  command: () => Promise.reject(new Error('unused')),
  action: () => Promise.reject(new Error('unused')),
  home: () => Promise.reject(new Error('unused')),
};

describe('posting a view into a Slack channel (chat.postMessage)', () => {
  allowOnlyLoopback();

  let slack: SlackServer;
  beforeAll(async () => {
    slack = await startSlackServer(unusedChatApp);
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
  afterAll(async () => {
    await slack.close();
  });

  it('posts the text and blocks to the channel and returns the message ts', async () => {
    const sent = interceptOnce(SLACK_API, '/api/chat.postMessage', {
      ok: true,
      channel: 'C2147483705',
      ts: '1732352000.000300',
    });
    const outcome = await slack.poster.post('C2147483705', notice);
    expect(outcome).toEqual({ kind: 'posted', messageId: '1732352000.000300' });
    const { body, authorization } = await sent;
    const { text, blocks } = renderBlocks(notice);
    expect(body).toEqual({ channel: 'C2147483705', text, blocks });
    expect(authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(JSON.stringify(blocks)).toContain('12 students are declining this week.');
  });

  it('a 429 comes back at once as rate-limited with Retry-After, without the client retrying or waiting', async () => {
    const limited = interceptOnce(
      SLACK_API,
      '/api/chat.postMessage',
      { ok: false, error: 'ratelimited' },
      429,
      {
        'retry-after': '7',
      },
    );
    expect(await slack.poster.post('C2147483705', notice)).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 7000,
    });
    await limited;
  });

  it.each(['channel_not_found', 'is_archived', 'not_in_channel', 'account_inactive', 'token_revoked'])(
    '%s means the channel is gone for Engage',
    async (error) => {
      const refused = interceptOnce(SLACK_API, '/api/chat.postMessage', { ok: false, error });
      expect(await slack.poster.post('C2147483705', notice)).toEqual({ kind: 'gone', reason: error });
      await refused;
    },
  );

  it('a 5xx or another Slack error is a failure to try again later, after one request', async () => {
    const unavailable = interceptOnce(SLACK_API, '/api/chat.postMessage', { ok: false }, 503);
    expect(await slack.poster.post('C2147483705', notice)).toEqual({ kind: 'failed', reason: 'HTTP 503' });
    await unavailable;
    const invalid = interceptOnce(SLACK_API, '/api/chat.postMessage', { ok: false, error: 'invalid_blocks' });
    expect(await slack.poster.post('C2147483705', notice)).toEqual({
      kind: 'failed',
      reason: 'invalid_blocks',
    });
    await invalid;
  });
});

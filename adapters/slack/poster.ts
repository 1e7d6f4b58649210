/**
 * Posts a view proactively into a Slack channel (digests, alerts, governance summaries) with
 * chat.postMessage, and says what happened in the terms the posting job acts on: posted (with the message
 * ts), rate-limited (Retry-After), gone (archived, not found, bot removed, app uninstalled) or failed.
 */
import type { WebClient } from '@slack/web-api';
import type { ChannelPoster, PostOutcome } from '../../src/chat/ports.ts';
import type { View } from '../../src/chat/views/viewModel.ts';
import { renderBlocks } from './blocks.ts';
import { postFailure } from './webApiErrors.ts';

/** chat.postMessage allows about one message a second per channel. */
export const SLACK_POST_INTERVAL_MS = 1000;

export function slackPoster(client: WebClient): ChannelPoster {
  return {
    platform: 'slack',
    minPostIntervalMs: SLACK_POST_INTERVAL_MS,
    async post(channelId: string, view: View): Promise<PostOutcome> {
      try {
        const result = await client.chat.postMessage({ channel: channelId, ...renderBlocks(view) });
        return { kind: 'posted', messageId: result.ts ?? '' };
      } catch (error) {
        return postFailure(error);
      }
    },
  };
}

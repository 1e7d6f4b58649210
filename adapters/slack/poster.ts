/**
 * Posts a view proactively into a Slack channel (digests, alerts, governance summaries) with
 * chat.postMessage, and says what happened in the terms the posting job acts on: posted (with the message
 * ts), rate-limited (Retry-After), gone (archived, not found, bot removed, app uninstalled) or failed.
 */
import type { WebClient } from '@slack/web-api';
import type { ChannelPoster, PostOutcome } from '../../src/chat/ports.ts';
import type { View } from '../../src/chat/views.ts';
import { renderBlocks } from './blocks.ts';
import { postFailure } from './webApiErrors.ts';

export function slackPoster(client: WebClient): ChannelPoster {
  return {
    platform: 'slack',
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

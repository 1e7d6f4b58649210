/**
 * Posts a message to an interaction's response_url (valid 30 minutes, five uses): a new ephemeral reply or
 * a replacement of the message the interaction came from. The answer's body is read so the connection is
 * reused; a non-2xx answer is an error.
 */
import type { renderBlocks } from './blocks.ts';

type SlackMessage = ReturnType<typeof renderBlocks>;

export type ResponseUrlMessage = SlackMessage &
  ({ replace_original: true } | { replace_original: false; response_type: 'ephemeral' | 'in_channel' });

export async function postToResponseUrl(
  fetchFn: typeof fetch,
  responseUrl: string,
  message: ResponseUrlMessage,
): Promise<void> {
  const response = await fetchFn(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
}

/**
 * Posts a message to an interaction's response_url (valid 30 minutes, five uses): a new ephemeral reply or
 * a replacement of the message the interaction came from. Uses node's HTTP client over kept-alive
 * connections (a fraction of fetch's cost per post, and a bounded number of sockets under load); the
 * answer is read to the end so its connection is reused; a non-2xx answer is an error.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { renderBlocks } from './blocks.ts';

type SlackMessage = ReturnType<typeof renderBlocks>;

export type ResponseUrlMessage = SlackMessage &
  ({ replace_original: true } | { replace_original: false; response_type: 'ephemeral' | 'in_channel' });

/** Sockets kept per response_url host (hooks.slack.com). */
const SOCKETS_PER_HOST = 64;
const RESPONSE_TIMEOUT_MS = 10_000;

const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST }),
};

export function postToResponseUrl(responseUrl: string, message: ResponseUrlMessage): Promise<void> {
  const url = new URL(responseUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return Promise.reject(new Error(`response_url has an unsupported scheme ${url.protocol}`));
  }
  const body = JSON.stringify(message);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        timeout: RESPONSE_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`response_url answered HTTP ${status}`));
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('response_url did not answer in time')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Slack request signing (v0): HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the app's signing secret,
 * compared in constant time, with the timestamp within five minutes of now in either direction (bolt's own
 * check only refuses stale requests, not future ones). Returns the reason a request is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_MAX_SKEW_SECONDS = 5 * 60;

export interface SignedRequest {
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function signSlackBody(
  signingSecret: string,
  timestamp: number | string,
  rawBody: string | Buffer,
): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

export function checkSlackSignature(
  signingSecret: string,
  request: SignedRequest,
  now: Date,
): SignatureCheck {
  const { timestamp, signature } = request;
  if (timestamp === undefined || signature === undefined) {
    return { ok: false, reason: 'missing X-Slack-Request-Timestamp or X-Slack-Signature header' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'X-Slack-Request-Timestamp is not a number of seconds' };
  }
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > SIGNATURE_MAX_SKEW_SECONDS) {
    return { ok: false, reason: 'X-Slack-Request-Timestamp is more than five minutes from now' };
  }
  const expected = Buffer.from(signSlackBody(signingSecret, timestamp, request.rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'X-Slack-Signature does not match the request body' };
  }
  return { ok: true };
}

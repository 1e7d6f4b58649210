/**
 * What a failed Slack Web API call means for a post: rate-limited (429 with Retry-After), gone (the
 * channel or the app's access to it no longer exists: archived, not found, removed, token revoked), or
 * failed (5xx, network, anything else). Also a short error code for logs (never a message body).
 */
import {
  ErrorCode,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
} from '@slack/web-api';
import type { PostOutcome } from '../../src/chat/ports.ts';

/**
 * Slack error codes after which posting to the channel will not succeed again: the channel is gone or
 * archived, the bot was removed from it, or the app was uninstalled (its token revoked). A misconfigured
 * token (invalid_auth, missing_scope) is a failure, not a reason to unlink every channel.
 */
export const GONE_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'account_inactive',
  'token_revoked',
]);

export function postFailure(error: unknown): Exclude<PostOutcome, { kind: 'posted' }> {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === ErrorCode.RateLimitedError) {
    return { kind: 'rate-limited', retryAfterMs: (error as WebAPIRateLimitedError).retryAfter * 1000 };
  }
  if (code === ErrorCode.PlatformError) {
    const reason = (error as WebAPIPlatformError).data.error;
    return GONE_ERRORS.has(reason) ? { kind: 'gone', reason } : { kind: 'failed', reason };
  }
  if (code === ErrorCode.HTTPError) {
    return { kind: 'failed', reason: `HTTP ${(error as WebAPIHTTPError).statusCode}` };
  }
  return { kind: 'failed', reason: slackErrorCode(error) };
}

export function slackErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === ErrorCode.PlatformError) return (error as WebAPIPlatformError).data.error;
  if (code === ErrorCode.HTTPError) return `HTTP ${(error as WebAPIHTTPError).statusCode}`;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown error';
}

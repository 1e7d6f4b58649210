/**
 * What a failed Slack Web API call means for a post: rate-limited (429 with Retry-After), gone (the
 * channel or the app's access to it no longer exists: archived, not found, removed, token revoked), or
 * failed (5xx, network, anything else). Also a short error code, and the fields a log line gives a
 * failure: the Web API's error code with Slack's own error string, HTTP status or network cause (never a
 * message body, token or user data).
 */
import {
  ErrorCode,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
  type WebAPIRequestError,
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

/** What a log line says about a failure: `error` is the code, then what Slack or the network said. */
export interface SlackErrorFields {
  error: string;
  /** Slack's error string of a platform error ("channel_not_found", "invalid_auth", …). */
  slackError?: string;
  /** The HTTP status of an HTTP error. */
  status?: number;
  /** The network failure under a request error ("ECONNREFUSED", "ETIMEDOUT", …). */
  cause?: string;
}

export function slackErrorFields(error: unknown): SlackErrorFields {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === ErrorCode.PlatformError) {
    return { error: code, slackError: (error as WebAPIPlatformError).data.error };
  }
  if (code === ErrorCode.HTTPError) return { error: code, status: (error as WebAPIHTTPError).statusCode };
  if (code === ErrorCode.RequestError) {
    const original = (error as WebAPIRequestError).original as { code?: unknown; name?: string } | undefined;
    const cause = typeof original?.code === 'string' ? original.code : original?.name;
    return { error: code, ...(cause ? { cause } : {}) };
  }
  return { error: slackErrorCode(error) };
}

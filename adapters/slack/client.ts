/**
 * The Slack Web API client Engage uses: the bot token, no retries of its own and 429s rejected at once,
 * so the posting job sees rate limits (and backs off with jitter itself) and nothing sleeps inside the
 * client; its log lines go to the service logger, debug output (which can hold message bodies) dropped.
 */
import { LogLevel, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../src/logging/logger.ts';

export interface SlackClientOptions {
  botToken: string;
  logger: Logger;
  /** Tests and the bench point this at a local server; defaults to https://slack.com/api/. */
  slackApiUrl?: string;
}

export function slackClientOptions(options: Omit<SlackClientOptions, 'botToken'>) {
  return {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: slackLogger(options.logger),
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
  };
}

export function createSlackClient(options: SlackClientOptions): WebClient {
  return new WebClient(options.botToken, slackClientOptions(options));
}

/** @slack/logger's interface over the service's pino logger. */
export function slackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack' });
  const text = (parts: unknown[]) =>
    parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
  return {
    debug: () => {},
    info: (...parts) => child.info(text(parts)),
    warn: (...parts) => child.warn(text(parts)),
    error: (...parts) => child.error(text(parts)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

/**
 * The Slack adapter's entry point: `registerSlack(server, deps)` puts a Bolt App on the service's Fastify
 * instance at POST /slack/events (commands, interactivity, events; see receiver.ts and listeners.ts) and
 * returns the poster the digest job uses to post into linked Slack channels.
 */
import { App } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { ChannelPoster, ChatApp } from '../../src/chat/ports.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { InboundDedupeRepository } from '../../src/repositories/inboundDedupe.ts';
import { createSlackClient, slackClientOptions, slackLogger } from './client.ts';
import { registerListeners } from './listeners.ts';
import { slackPoster } from './poster.ts';
import { FastifyReceiver } from './receiver.ts';
import { SlackUserDirectory } from './userDirectory.ts';

export { SLACK_EVENTS_PATH } from './receiver.ts';
export { SLASH_COMMAND } from './listeners.ts';

export interface SlackDeps {
  chatApp: ChatApp;
  signingSecret: string;
  botToken: string;
  logger: Logger;
  /** Inbound deliveries already taken, kept in the store (repos.inboundDedupe). */
  deliveries: Pick<InboundDedupeRepository, 'claim' | 'release'>;
  now?: () => Date;
  /** Tests and the bench point the Web API at a local server; defaults to https://slack.com/api/. */
  slackApiUrl?: string;
  /** Overrides how long a slash command waits to answer in its acknowledgement (listeners.ts). */
  ackAnswerBudgetMs?: number;
}

export interface SlackAdapter {
  poster: ChannelPoster;
}

export function registerSlack(server: FastifyInstance, deps: SlackDeps): SlackAdapter {
  const now = deps.now ?? (() => new Date());
  const client = createSlackClient(deps);
  const receiver = new FastifyReceiver({
    signingSecret: deps.signingSecret,
    logger: deps.logger,
    now,
    deliveries: deps.deliveries,
  });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: deps.botToken }),
    ignoreSelf: false,
    convoStore: false,
    logger: slackLogger(deps.logger),
    clientOptions: slackClientOptions(deps),
  });
  app.error(async (error) => {
    throw error;
  });
  registerListeners(app, {
    chatApp: deps.chatApp,
    client,
    users: new SlackUserDirectory(client, deps.logger, () => now().getTime()),
    now,
    ...(deps.ackAnswerBudgetMs === undefined ? {} : { ackAnswerBudgetMs: deps.ackAnswerBudgetMs }),
  });
  receiver.register(server);
  return { poster: slackPoster(client) };
}

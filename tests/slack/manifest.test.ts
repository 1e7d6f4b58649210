import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerSlack, SLACK_EVENTS_PATH, SLASH_COMMAND } from '../../adapters/slack/index.ts';
import type { ChatApp } from '../../src/chat/ports.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openDeliveryStore } from './harness.ts';

/** Registering the routes never asks the chat core anything. */
const unusedChatApp: ChatApp = {
  command: () => Promise.reject(new Error('unused')),
  action: () => Promise.reject(new Error('unused')),
  home: () => Promise.reject(new Error('unused')),
};

describe('the Slack app manifest', () => {
  it('points every request URL at the route Engage serves and asks for the scopes it uses', async () => {
    const manifest = parse(
      await readFile(new URL('../../manifest/slack/manifest.yml', import.meta.url), 'utf8'),
    ) as {
      features: {
        slash_commands: { command: string; url: string; usage_hint: string }[];
        app_home: { home_tab_enabled: boolean };
        bot_user: { display_name: string };
      };
      oauth_config: { scopes: { bot: string[] } };
      settings: {
        event_subscriptions: { request_url: string; bot_events: string[] };
        interactivity: { is_enabled: boolean; request_url: string };
      };
    };
    const server = Fastify();
    const registered: string[] = [];
    server.addHook('onRoute', (route) => {
      registered.push(`${String(route.method)} ${route.url}`);
    });
    const claims = await openDeliveryStore();
    registerSlack(server, {
      chatApp: unusedChatApp,
      signingSecret: 'secret',
      botToken: 'xoxb-manifest',
      logger: createLogger({ level: 'silent' }),
      deliveries: claims.deliveries,
    });
    await server.ready();
    await claims.close();
    expect(registered).toContain(`POST ${SLACK_EVENTS_PATH}`);

    const urls = [
      ...manifest.features.slash_commands.map((command) => command.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.slash_commands[0]!.usage_hint).toMatch(/student/);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'users:read', 'users:read.email']),
    );
    await server.close();
  });
});

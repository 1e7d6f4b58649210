/**
 * The local preview's entry point for the composition root: the routes wired to the chat app, the Teams
 * Adaptive Card renderer, the demo personas (chosen once, on first use; a personal tutor's preview
 * conversation is linked to their tutees, as their channel would be, so snooze can be tried, and the
 * administrator's is the admins' channel) and the feed-health cards of the admins' channel.
 */
import type { FastifyInstance } from 'fastify';
import type { ChatApp } from '../../src/chat/ports.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import { renderAdaptiveCard } from '../teams/cards.ts';
import { previewFeedHealth } from './feedHealth.ts';
import { choosePersonas, previewChannelId, type PreviewPersona } from './personas.ts';
import { registerPreview } from './routes.ts';

export { PREVIEW_PATH } from './routes.ts';

export function servePreview(
  server: FastifyInstance,
  deps: { chat: ChatApp; repos: Repositories; now?: () => Date },
): void {
  let personas: Promise<PreviewPersona[]> | undefined;
  registerPreview(server, {
    chat: deps.chat,
    render: renderAdaptiveCard,
    feedHealthCards: previewFeedHealth(deps.repos),
    now: deps.now,
    personas: () => {
      personas ??= linkedPersonas(deps.repos).catch((error: unknown) => {
        personas = undefined;
        throw error;
      });
      return personas;
    },
  });
}

/** The personas, with each one's preview conversation linked to their group where they have one. */
async function linkedPersonas(repos: Repositories): Promise<PreviewPersona[]> {
  const personas = await choosePersonas(repos);
  for (const persona of personas) {
    if (!persona.channelGroup) continue;
    const channelId = previewChannelId(persona.id);
    if (await repos.channelLinks.linkFor('preview', channelId)) continue;
    await repos.channelLinks.link({
      platform: 'preview',
      channelId,
      channelName: 'Local preview',
      workspaceId: null,
      group: persona.channelGroup,
      linkedBy: persona.id,
      linkedAt: new Date(),
    });
  }
  return personas;
}

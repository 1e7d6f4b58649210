/**
 * The local preview's entry point for the composition root: the routes wired to the chat app, the Teams
 * Adaptive Card renderer and the demo personas (chosen once, on first use).
 */
import type { FastifyInstance } from 'fastify';
import type { ChatApp } from '../../src/chat/ports.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import { renderAdaptiveCard } from '../teams/cards.ts';
import { choosePersonas, type PreviewPersona } from './personas.ts';
import { registerPreview } from './routes.ts';

export { PREVIEW_PATH } from './routes.ts';

export function servePreview(server: FastifyInstance, deps: { chat: ChatApp; repos: Repositories }): void {
  let personas: Promise<PreviewPersona[]> | undefined;
  registerPreview(server, {
    chat: deps.chat,
    render: renderAdaptiveCard,
    personas: () => {
      personas ??= choosePersonas(deps.repos).catch((error: unknown) => {
        personas = undefined;
        throw error;
      });
      return personas;
    },
  });
}

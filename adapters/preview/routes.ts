/**
 * The local preview (no Teams or Slack credentials needed): GET /preview is a page that renders the same
 * Adaptive Cards Teams would show with Microsoft's `adaptivecards` browser renderer, and sends typed
 * commands and card actions to POST /preview/api/command and /preview/api/action, which call the same
 * ChatApp as the platforms (platform 'preview', acting as one of the demo personas). POST
 * /preview/api/feed-health answers with the feed-health cards the persona's conversation would be posted
 * (the admins' channel's). Registered only in local mode; never part of a production configuration.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { chatActionSchema } from '../../src/chat/actions.ts';
import type { ChatApp, ChatContext, ChatResponse } from '../../src/chat/ports.ts';
import type { View } from '../../src/chat/views/viewModel.ts';
import { previewChannelId, type PreviewPersona } from './personas.ts';
import { previewPage } from './page.ts';

export interface PreviewDeps {
  chat: ChatApp;
  /** The Adaptive Card for a view (the Teams renderer). */
  render(view: View): unknown;
  personas(): Promise<PreviewPersona[]>;
  /** The feed-health cards a preview conversation would be posted at `now` (see ./feedHealth.ts). */
  feedHealthCards(channelId: string, now: Date): Promise<View[]>;
  now?: () => Date;
}

export const PREVIEW_PATH = '/preview';

const MAX_COMMAND_LENGTH = 500;

const commandBody = z.object({
  as: z.string().min(1).max(64),
  text: z.string().trim().min(1, 'type a command, for example "digest" or "help"').max(MAX_COMMAND_LENGTH),
});
const actionBody = z.object({ as: z.string().min(1).max(64), data: z.record(z.string(), z.unknown()) });
const feedHealthBody = z.object({ as: z.string().min(1).max(64) });

const require = createRequire(import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  'adaptivecards.min.js': {
    file: require.resolve('adaptivecards/dist/adaptivecards.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'preview.js': {
    file: new URL('./static/preview.js', import.meta.url).pathname,
    type: 'text/javascript; charset=utf-8',
  },
  'preview.css': {
    file: new URL('./static/preview.css', import.meta.url).pathname,
    type: 'text/css; charset=utf-8',
  },
};

/**
 * Registers the preview in its own plugin scope. It answers loopback clients only: it acts as staff
 * without signing in, so it must never be reachable from another machine even when HOST is 0.0.0.0. And
 * only requests addressed to a loopback name (Host) and, when they say where they come from (Origin),
 * sent from a page on one: a DNS-rebinding page in the tutor's browser reaches 127.0.0.1 under its own
 * name and origin.
 */
export function registerPreview(server: FastifyInstance, deps: PreviewDeps): void {
  server.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (!isLoopback(request)) {
        return reply.code(403).send({ error: 'the local preview answers requests from this machine only' });
      }
      if (!isLoopbackHost(request.headers.host) || !isLoopbackOrigin(request.headers.origin)) {
        return reply
          .code(403)
          .send({ error: 'the local preview answers pages served from localhost or 127.0.0.1 only' });
      }
    });
    previewRoutes(scope, deps);
  });
}

function isLoopback(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** localhost, 127.x.y.z or [::1], with any port. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;

function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

/** No Origin (not a cross-site browser request) or an http(s) origin on a loopback name. */
function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.host);
  } catch {
    return false;
  }
}

function previewRoutes(app: FastifyInstance, deps: PreviewDeps): void {
  const now = deps.now ?? (() => new Date());
  const assetCache = new Map<string, Buffer>();

  app.get(PREVIEW_PATH, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(previewPage()),
  );

  app.get<{ Params: { name: string } }>(`${PREVIEW_PATH}/assets/:name`, async (request, reply) => {
    const asset = ASSETS[request.params.name];
    if (!asset) return reply.code(404).send({ error: 'no such preview asset' });
    let body = assetCache.get(request.params.name);
    if (!body) {
      body = await readFile(asset.file);
      assetCache.set(request.params.name, body);
    }
    return reply.type(asset.type).header('cache-control', 'no-cache').send(body);
  });

  app.get(`${PREVIEW_PATH}/api/personas`, async () => ({
    personas: (await deps.personas()).map(({ id, name, role, detail }) => ({ id, name, role, detail })),
  }));

  app.post(`${PREVIEW_PATH}/api/command`, async (request, reply) => {
    const body = commandBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const context = await contextFor(body.data.as);
    if (!context) return unknownPersona(reply);
    return answer(await deps.chat.command(context, body.data.text));
  });

  app.post(`${PREVIEW_PATH}/api/action`, async (request, reply) => {
    const body = actionBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const action = chatActionSchema.safeParse(body.data.data);
    if (!action.success) return badRequest(reply, action.error, 'data');
    const context = await contextFor(body.data.as);
    if (!context) return unknownPersona(reply);
    return answer(await deps.chat.action(context, action.data));
  });

  app.post(`${PREVIEW_PATH}/api/feed-health`, async (request, reply) => {
    const body = feedHealthBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, body.error);
    const persona = await personaFor(body.data.as);
    if (!persona) return unknownPersona(reply);
    const views = await deps.feedHealthCards(previewChannelId(persona.id), now());
    return { cards: views.map((view) => answer({ view, mode: 'reply' })) };
  });

  async function personaFor(personaId: string): Promise<PreviewPersona | undefined> {
    return (await deps.personas()).find((candidate) => candidate.id === personaId);
  }

  async function contextFor(personaId: string): Promise<ChatContext | null> {
    const persona = await personaFor(personaId);
    if (!persona) return null;
    return {
      user: { platform: 'preview', id: persona.id, email: persona.email, displayName: persona.name },
      place: {
        platform: 'preview',
        channelId: previewChannelId(persona.id),
        kind: 'personal',
        name: 'Local preview',
      },
      now: now(),
    };
  }

  function answer(response: ChatResponse) {
    return { mode: response.mode, kind: response.view.kind, card: deps.render(response.view) };
  }
}

function badRequest(reply: FastifyReply, error: z.ZodError, prefix?: string) {
  const reasons = error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return reply.code(400).send({ error: reasons.join('; ') });
}

function unknownPersona(reply: FastifyReply) {
  return reply.code(400).send({ error: 'as: not one of the preview personas (GET /preview/api/personas)' });
}

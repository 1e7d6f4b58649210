/**
 * The HTTP face of the service: a Fastify 5 instance with health and readiness endpoints. Later adapters
 * (Teams, Slack, xAPI, chart images) register their routes on the same instance. Request logs carry the
 * route pattern, never the raw URL, so student ids in paths do not reach the logs.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { RouteOnlyLogController } from './requestLog.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { Store } from '../../src/store/types.ts';

export interface JobsStateSource {
  state(): Promise<unknown>;
  readonly running: boolean;
}

export interface ServerDeps {
  version: string;
  store: Store;
  jobs: JobsStateSource;
  logger: Logger;
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    // pino's Logger is Fastify's logger; the cast only widens pino's generic parameters.
    loggerInstance: deps.logger as FastifyBaseLogger,
    logController: new RouteOnlyLogController(),
    return503OnClosing: true,
  });

  app.get('/healthz', async () => ({
    status: 'ok',
    version: deps.version,
    store: { kind: deps.store.kind },
    jobs: await deps.jobs.state(),
  }));

  app.get('/readyz', async (_request, reply) => {
    const problems: string[] = [];
    try {
      await deps.store.ping();
    } catch (error) {
      problems.push(`store: ${(error as Error).message}`);
    }
    if (!deps.jobs.running) problems.push('jobs: scheduler not running');
    if (problems.length > 0) return reply.code(503).send({ ready: false, problems });
    return { ready: true };
  });

  return app;
}

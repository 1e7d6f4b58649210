/**
 * The composition root of the long-running service: opens the store chosen by configuration, declares its
 * collections, starts the job scheduler and the HTTP server, and shuts all three down gracefully — stop
 * accepting requests, drain running jobs, close the store — on SIGTERM or SIGINT.
 */
import { resolveChatPlatforms } from '../../src/config/chatPlatforms.ts';
import type { Env } from '../../src/config/env.ts';
import { createLogger, type Logger } from '../../src/logging/logger.ts';
import { repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import type { Store } from '../../src/store/types.ts';
import { buildServer } from '../http/server.ts';
import { chartSigningKey, registerChartRoutes } from '../http/charts.ts';
import { openStore } from '../store/openStore.ts';
import { connectorSchedules } from '../connectors/ingestSource.ts';
import { VERSION } from './version.ts';
import { retentionPeriods } from '../../src/config/retention.ts';
import { chatSurfaces } from './chatSurfaces.ts';
import { agendaWorkflows } from './ruleJobs.ts';
import { createJobScheduler, jobHandlers, type JobScheduler } from './jobCatalogue.ts';
import { mailerFromEnv } from '../email/smtpMailer.ts';
import { registerXapi } from '../connectors/xapi/route.ts';
import type { RulePorts } from '../../src/rules/ports.ts';
import type { FastifyInstance } from 'fastify';

export interface RunningService {
  readonly url: string;
  readonly store: Store;
  readonly scheduler: JobScheduler;
  readonly server: FastifyInstance;
  /** Graceful stop; safe to call more than once. */
  stop(): Promise<void>;
  /** Resolves once the service has stopped (after stop() or a signal). */
  readonly stopped: Promise<void>;
}

export async function startService(
  env: Env,
  logger: Logger = createLogger({ level: env.LOG_LEVEL }),
): Promise<RunningService> {
  const platforms = resolveChatPlatforms(env);
  const chartKey = chartSigningKey(env);
  if (platforms.localOnly) {
    logger.warn('LOCAL_MODE: no Teams or Slack credentials, so no chat endpoints; local preview only');
  }
  const mailer = mailerFromEnv(env);
  const store = await openStore({ mongodbUri: env.MONGODB_URI, dataDir: env.DATA_DIR, logger });
  try {
    await ensureCollections(store.db);
    const repos = repositories(store.db);
    // Teams, Slack, the local preview, and posting digests, governance summaries and alerts to chat.
    const chat = chatSurfaces({ env, platforms, repos, chartKey, logger });
    // Alert-rule actions: student email when SMTP is configured; workflow steps as scheduler jobs; alerts
    // to the tutor's chat channels (kept in the outbox when no channel takes them).
    const rulePorts: RulePorts = {
      notifier: chat.notifier,
      ...(mailer ? { mailer } : {}),
      workflows: agendaWorkflows(() => scheduler),
    };
    const scheduler = createJobScheduler({
      store,
      logger,
      lockLifetimeMs: env.JOBS_LOCK_LIFETIME_MS,
      processEveryMs: env.JOBS_PROCESS_EVERY_MS,
      timezone: env.TIMEZONE,
      digestCron: env.DIGEST_CRON,
      ingestSchedules: await connectorSchedules(repos),
      handlers: jobHandlers({
        repos,
        store,
        logger,
        rulePorts,
        retentionPeriods: retentionPeriods(env),
        posting: chat.posting,
        chatMounted: chat.mounted,
      }),
    });
    await scheduler.start();
    const server = buildServer({ version: VERSION, store, jobs: scheduler, logger });
    await chat.mount(server);
    // The xAPI statements endpoint; it answers only sources whose feed configures xAPI credentials.
    registerXapi(server, { repos, logger });
    registerChartRoutes(server, { charts: repos.chartImages, signingKey: chartKey });
    const url = await server.listen({ host: env.HOST, port: env.PORT });
    logger.info({ url, store: store.kind, version: VERSION }, 'engage listening');

    let stopping: Promise<void> | undefined;
    let markStopped: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (markStopped = resolve));
    const stop = () =>
      (stopping ??= (async () => {
        logger.info('shutting down: closing server, draining jobs, closing store');
        await server.close();
        await scheduler.drain(env.SHUTDOWN_TIMEOUT_MS);
        await store.close();
        mailer?.close();
        process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
        logger.info('shut down cleanly');
        markStopped();
      })());
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal during shutdown: exiting now');
        process.exit(1);
      }
      logger.info({ signal }, 'signal received');
      void stop();
    };
    process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
    return { url, store, scheduler, server, stop, stopped };
  } catch (error) {
    await store.close();
    throw error;
  }
}

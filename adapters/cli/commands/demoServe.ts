/**
 * What `engage demo` does after printing the Monday view when it is run at a terminal (or with --serve):
 * keeps the service running on the demo's data with the local preview — in local mode whenever no Teams
 * or Slack credentials are configured — until Ctrl-C. Not at a terminal (CI, pipes, tests) it exits.
 */
import { resolveChatPlatforms } from '../../../src/config/chatPlatforms.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { PREVIEW_PATH } from '../../preview/index.ts';
import { startService } from '../../runtime/service.ts';
import { EXIT, type CommandContext } from '../command.ts';

export const SERVE_OPTIONS = {
  serve: { type: 'boolean' },
  'no-serve': { type: 'boolean' },
} as const;

export const SERVE_OPTION_HELP = [
  '--serve         keep serving the local preview afterwards (the default at a terminal)',
  '--no-serve      exit after printing (the default when output is not a terminal)',
];

export function shouldServe(context: CommandContext, stdoutIsTty = process.stdout.isTTY === true): boolean {
  if (context.values['no-serve'] === true) return false;
  if (context.values.serve === true) return true;
  return stdoutIsTty && !context.json;
}

export async function serveDemo(context: CommandContext): Promise<number> {
  const { env } = context;
  const localMode = env.LOCAL_MODE || resolveChatPlatforms({ ...env, LOCAL_MODE: true }).localOnly;
  // The demo's own lines are the interface here (they say it is local mode); service logs show errors
  // only unless another LOG_LEVEL is asked for.
  const logger = createLogger({ level: env.LOG_LEVEL === 'info' ? 'error' : env.LOG_LEVEL });
  const service = await startService({ ...env, LOCAL_MODE: localMode }, logger);
  const port = new URL(service.url).port;
  context.out.line('');
  context.out.line(
    localMode
      ? `Preview: http://localhost:${port}${PREVIEW_PATH} (Ctrl-C to stop)`
      : `Serving at http://localhost:${port} with the configured Teams and Slack apps (Ctrl-C to stop)`,
  );
  await service.stopped;
  // As for `engage serve`: exit once stopped rather than wait for a job library's leftover timer.
  setTimeout(() => process.exit(process.exitCode ?? EXIT.ok), 500).unref();
  return EXIT.ok;
}

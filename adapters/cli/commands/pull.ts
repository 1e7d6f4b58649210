/**
 * `engage pull <source>`: runs a source's pull connector once by hand — its landing directory, remote SFTP
 * server, Moodle, Canvas or Microsoft Graph, whichever its feed configures — exactly as the scheduled
 * `ingest-source` job does, and reports each delivery (and each file left on an SFTP server, with why).
 * Exit 1 when a file was left behind or a delivery rejected.
 */
import { createLogger } from '../../../src/logging/logger.ts';
import { runIngestSource } from '../../connectors/ingestSource.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { engageCommandLine } from '../hint.ts';
import { withRepositories } from '../session.ts';
import { checkSourceId } from '../sourceChoice.ts';
import { describeOutcome } from './ingest.ts';

export const pullCommand: Command = {
  usage: 'engage pull <source> [--json]',
  options: {},
  optionHelp: [],
  examples: ['engage pull moodle', 'MOODLE_TOKEN=… engage pull moodle --json'],
  async run(context) {
    const [sourceId, ...extra] = context.positionals;
    if (sourceId === undefined) throw new UsageError('give a source id');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const logger = createLogger({
      level: context.env.LOG_LEVEL === 'info' ? 'warn' : context.env.LOG_LEVEL,
      destination: process.stderr,
    });
    const result = await withRepositories(context.env, async (repos) => {
      await checkSourceId(repos, sourceId);
      return runIngestSource(repos, sourceId, logger);
    });
    if (context.json) context.out.json(result);
    else {
      if (result.outcomes.length === 0 && result.failed.length === 0)
        context.out.line(`${sourceId}: nothing new to ingest`);
      for (const outcome of result.outcomes)
        for (const line of describeOutcome(outcome, (args) => engageCommandLine(context.env, args)))
          context.out.line(line);
      for (const { file, reason } of result.failed)
        context.out.line(`${sourceId}: ${file} left on the server: ${reason}`);
    }
    const rejected = result.outcomes.some((outcome) => outcome.status === 'rejected');
    return rejected || result.failed.length > 0 ? EXIT.failure : EXIT.ok;
  },
};

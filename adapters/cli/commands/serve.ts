/** `engage serve` (= `npm start`): run the service until SIGTERM or SIGINT. */
import { EXIT, type Command } from '../command.ts';
import { startService } from '../../runtime/service.ts';

export const serveCommand: Command = {
  usage: 'engage serve [--data-dir <path>]',
  options: {},
  optionHelp: [],
  examples: [
    'engage serve',
    'MONGODB_URI=mongodb://db.internal/engage engage serve',
    'PORT=8080 engage serve --data-dir /var/lib/engage',
  ],
  async run({ env }) {
    const service = await startService(env);
    await service.stopped;
    // Agenda can leave a lock-renewal timer behind a finished job; once stopped, nothing else is running,
    // so exit shortly after the last log lines are flushed rather than waiting for it.
    setTimeout(() => process.exit(process.exitCode ?? EXIT.ok), 500).unref();
    return EXIT.ok;
  },
};

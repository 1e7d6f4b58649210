/**
 * The `engage` command line: parses global options (--data-dir, --json, --help), loads and runs one
 * command, and maps outcomes to exit codes — 0 ok, 1 failure, 2 usage error (a mistake in the command line
 * or in a file it names, told in one line saying what and where).
 */
import { parseArgs } from 'node:util';
import { closest } from './closest.ts';
import { EXIT, InputError, UsageError, type Command, type CommandEntry } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { inputFileError } from './inputFiles.ts';
import { neutralised, type Output } from './output.ts';
import { VERSION } from '../runtime/version.ts';

const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} as const;

const GLOBAL_HELP = [
  '--data-dir <path>  where the embedded store keeps its files (default $DATA_DIR or ./data)',
  '--json             print data as one JSON document',
  '-h, --help         show help for engage or for a command',
];

export async function runCli(
  argv: string[],
  output: Output,
  env: NodeJS.ProcessEnv = process.env,
  clock: () => Date = () => new Date(),
): Promise<number> {
  // Cells, headers and names come from files and feeds: none may reach the terminal as a control sequence.
  const out = neutralised(output);
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    const entry = topic ? COMMANDS.find((c) => c.name === topic) : undefined;
    if (entry) printCommandHelp(out, entry, await entry.load());
    else printHelp(out);
    // `engage` alone names no command: the help, and a usage error for scripts.
    return name === undefined || (topic && !entry) ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    out.line(VERSION);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const near = closest(
      name,
      COMMANDS.map((c) => c.name),
    );
    out.error(
      `engage: unknown command "${name}"${near ? ` (did you mean "${near}"?)` : ''}. ` +
        'Run "engage --help" for the list of commands.',
    );
    return EXIT.usage;
  }
  const command = await entry.load();
  // Loaded here, not at the top: `engage --help` needs neither the configuration nor its validation library.
  const { ConfigError, loadEnv } = await import('../../src/config/env.ts');
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      printCommandHelp(out, entry, command);
      return EXIT.ok;
    }
    const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined;
    const parsedEnv = loadEnv(env, { DATA_DIR: dataDir });
    return await command.run({
      values,
      positionals,
      json: values.json === true,
      env: parsedEnv,
      out,
      now: clock,
    });
  } catch (error) {
    if (error instanceof InputError) {
      out.error(`engage ${entry.name}: ${error.message}`);
      return EXIT.usage;
    }
    const usage = usageMessage(error, command);
    if (usage !== null) {
      out.error(`engage ${entry.name}: ${usage}`);
      out.error(`usage: ${command.usage}`);
      return EXIT.usage;
    }
    const input = inputFileError(error);
    if (input !== null) {
      out.error(`engage ${entry.name}: ${input}`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      out.error(error.message);
      return EXIT.failure;
    }
    out.error(`engage ${entry.name} failed: ${(error as Error).message}`);
    return EXIT.failure;
  }
}

/** What was wrong with the command line, for a usage error; null for any other error. */
function usageMessage(error: unknown, command: Command): string | null {
  if (error instanceof UsageError) return error.message;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return null;
  const message = (error as Error).message;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // Node's own message suggests quoting the option as a positional argument: not what a typo needs.
    const option = /'(-{1,2}[^']*)'/.exec(message)?.[1] ?? message;
    const known = Object.keys({ ...GLOBAL_OPTIONS, ...command.options }).map((o) => `--${o}`);
    const near = closest(option, known);
    return `unknown option ${option}${near ? ` (did you mean ${near}?)` : ''}`;
  }
  return message;
}

function printCommandHelp(out: Output, entry: CommandEntry, command: Command): void {
  out.line(`usage: ${command.usage}`);
  out.line();
  out.line(entry.summary);
  out.line();
  out.line('options:');
  for (const line of [...command.optionHelp, ...GLOBAL_HELP]) out.line(`  ${line}`);
  out.line();
  out.line('examples:');
  for (const example of command.examples) out.line(`  ${example}`);
}

function printHelp(out: Output): void {
  out.line(`engage ${VERSION} — engagement early warning for universities, in Teams and Slack`);
  out.line();
  out.line('usage: engage <command> [options]   (in the project folder: npx engage <command> [options])');
  out.line();
  out.line('commands:');
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  for (const c of COMMANDS) out.line(`  ${c.name.padEnd(width)}  ${c.summary}`);
  out.line();
  out.line('global options:');
  for (const line of GLOBAL_HELP) out.line(`  ${line}`);
  out.line();
  out.line('examples:');
  for (const example of GETTING_STARTED) out.line(`  ${example}`);
  out.line();
  out.line(
    'Run "engage <command> --help" for a command\'s options and examples. ' +
      'Exit codes: 0 ok, 1 failure, 2 usage error.',
  );
}

const GETTING_STARTED = [
  'npx engage demo --no-serve',
  'npx engage students --list declining',
  'npx engage import oulad <folder of OULAD tables> --data-dir ./data-oulad',
  'npx engage serve --help',
];

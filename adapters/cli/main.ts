/**
 * The `engage` command line: parses global options (--data-dir, --json, --help), dispatches to a command,
 * and maps outcomes to exit codes — 0 ok, 1 failure, 2 usage error.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadEnv } from '../../src/config/env.ts';
import { EXIT, UsageError, type Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';
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
    const command = topic ? COMMANDS.find((c) => c.name === topic) : undefined;
    printHelp(out, command);
    // `engage` alone names no command: the help, and a usage error for scripts.
    return name === undefined || (topic && !command) ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    out.line(VERSION);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    out.error(`engage: unknown command "${name}". Run "engage --help" for the list of commands.`);
    return EXIT.usage;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      printHelp(out, command);
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
    if (error instanceof UsageError || isParseArgsError(error)) {
      out.error(`engage ${command.name}: ${(error as Error).message}`);
      out.error(`usage: ${command.usage}`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      out.error(error.message);
      return EXIT.failure;
    }
    out.error(`engage ${command.name} failed: ${(error as Error).message}`);
    return EXIT.failure;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function printHelp(out: Output, command?: Command): void {
  if (command) {
    out.line(`usage: ${command.usage}`);
    out.line();
    out.line(command.summary);
    out.line();
    out.line('options:');
    for (const line of [...command.optionHelp, ...GLOBAL_HELP]) out.line(`  ${line}`);
    out.line();
    out.line('examples:');
    for (const example of command.examples) out.line(`  ${example}`);
    return;
  }
  out.line(`engage ${VERSION} — engagement early warning for universities, in Teams and Slack`);
  out.line();
  out.line('usage: engage <command> [options]');
  out.line();
  out.line('commands:');
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  for (const c of COMMANDS) out.line(`  ${c.name.padEnd(width)}  ${c.summary}`);
  out.line();
  out.line('global options:');
  for (const line of GLOBAL_HELP) out.line(`  ${line}`);
  out.line();
  out.line('examples:');
  for (const c of COMMANDS) if (c.examples[0]) out.line(`  ${c.examples[0]}`);
  out.line();
  out.line(
    'Run "engage <command> --help" for a command\'s options. Exit codes: 0 ok, 1 failure, 2 usage error.',
  );
}

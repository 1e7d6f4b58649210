/**
 * What a CLI command is: its name and summary (listed in commands/index.ts), and in its own module its help
 * text, options and run function. Commands receive parsed arguments and an output sink, and return an exit
 * code (0 ok, 1 failure); usage errors throw UsageError.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Env } from '../../src/config/env.ts';
import type { Output } from './output.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  json: boolean;
  env: Env;
  out: Output;
  /** The clock: the wall clock, unless a test injects one. */
  now: () => Date;
}

/** A command as `engage --help` lists it; its module is loaded only when it is used. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export interface Command {
  usage: string;
  options: OptionSpec;
  /** One line per option: "--flag <value>  what it does". */
  optionHelp: string[];
  examples: string[];
  run(context: CommandContext): Promise<number>;
}

/** A mistake in how the command was called: exit code 2 and the command's usage line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A mistake in a file or value the command was given, rather than in how it was called: exit code 2 and
 * one line saying what and where (no usage line).
 */
export class InputError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function integerOption(
  context: CommandContext,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const raw = stringOption(context, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(`--${name} must be a whole number from ${range.min} to ${range.max} (got "${raw}")`);
  }
  return value;
}

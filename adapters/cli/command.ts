/**
 * What a CLI command is: its name, help text, options, and a run function. Commands receive parsed
 * arguments and an output sink, and return an exit code (0 ok, 1 failure); usage errors throw UsageError.
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

export interface Command {
  name: string;
  summary: string;
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

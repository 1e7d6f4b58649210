/**
 * Command lines the CLI suggests ("Next: …", "see …"): written so they run as shown from the project
 * folder — `npx engage …` (npm does not put a project's own executables on the PATH) — and naming the
 * store with --data-dir whenever it is not the default one, so the next command reads the same data.
 */
import { resolve } from 'node:path';
import type { Env } from '../../src/config/env.ts';

const DEFAULT_DATA_DIR = './data';

export function engageCommandLine(env: Pick<Env, 'DATA_DIR' | 'MONGODB_URI'>, args: string): string {
  const otherStore = !env.MONGODB_URI && resolve(env.DATA_DIR) !== resolve(DEFAULT_DATA_DIR);
  return `npx engage ${args}${otherStore ? ` --data-dir ${shellWord(env.DATA_DIR)}` : ''}`;
}

/** The text as one shell word: as it is when nothing in it is special to a shell, else single-quoted. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * `npm run package:teams [-- --out <path>]`: writes the Teams app package (default dist/engage-teams.zip)
 * for the bot named by MICROSOFT_APP_ID, with PUBLIC_BASE_URL's host as its valid domain when set. A
 * missing or malformed variable is reported by name and nothing is written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadEnv } from '../../src/config/env.ts';
import { VERSION } from '../runtime/version.ts';
import { buildTeamsPackage } from './appPackage.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist/engage-teams.zip' } } });
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (!env.MICROSOFT_APP_ID) {
    process.stderr.write(
      'MICROSOFT_APP_ID: required: the Teams app package names the bot by its Microsoft App ID\n',
    );
    return 1;
  }
  const zip = await buildTeamsPackage({
    botId: env.MICROSOFT_APP_ID,
    version: VERSION,
    ...(env.PUBLIC_BASE_URL ? { publicBaseUrl: env.PUBLIC_BASE_URL } : {}),
  });
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  process.stdout.write(`wrote ${out} (${zip.length} bytes)\n`);
  return 0;
}

process.exitCode = await main();

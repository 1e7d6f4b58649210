/**
 * `npm run package:teams [-- --out <path>]`: writes the Teams app package (default dist/engage-teams.zip)
 * for this installation: the bot named by MICROSOFT_APP_ID (also the app's id), served at PUBLIC_BASE_URL,
 * with the institution's privacy notice and terms of use (TEAMS_PRIVACY_URL, TEAMS_TERMS_URL), which
 * Teams shows users. A missing or malformed variable is reported by name and nothing is written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadEnv } from '../../src/config/env.ts';
import { VERSION } from '../runtime/version.ts';
import { buildTeamsPackage } from './appPackage.ts';

const httpsUrl = z.url({ protocol: /^https$/, message: 'expected an https URL' });

const REQUIRED = {
  MICROSOFT_APP_ID: 'the Teams app package names the bot (and the app) by its Microsoft App ID',
  PUBLIC_BASE_URL: "the service's public address (https://<host>): the app's website and valid domain",
  TEAMS_PRIVACY_URL: "your institution's privacy notice covering Engage, which Teams links to",
  TEAMS_TERMS_URL: "your institution's terms of use for Engage, which Teams links to",
} as const;

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
  const given = {
    MICROSOFT_APP_ID: env.MICROSOFT_APP_ID,
    PUBLIC_BASE_URL: env.PUBLIC_BASE_URL,
    TEAMS_PRIVACY_URL: process.env.TEAMS_PRIVACY_URL,
    TEAMS_TERMS_URL: process.env.TEAMS_TERMS_URL,
  };
  const problems = Object.entries(REQUIRED).flatMap(([name, why]) => {
    const value = given[name as keyof typeof REQUIRED];
    if (!value) return [`${name}: required: ${why}`];
    if (name.startsWith('TEAMS_') && !httpsUrl.safeParse(value).success)
      return [`${name}: expected an https URL (got "${value}")`];
    return [];
  });
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    return 1;
  }
  const zip = await buildTeamsPackage({
    botId: given.MICROSOFT_APP_ID as string,
    version: VERSION,
    publicBaseUrl: given.PUBLIC_BASE_URL as string,
    privacyUrl: given.TEAMS_PRIVACY_URL as string,
    termsOfUseUrl: given.TEAMS_TERMS_URL as string,
  });
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  process.stdout.write(`wrote ${out} (${zip.length} bytes)\n`);
  return 0;
}

process.exitCode = await main();

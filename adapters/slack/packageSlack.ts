/**
 * `npm run package:slack [-- --out <path>]`: writes the Slack app manifest for this installation (default
 * dist/slack-manifest.yml): manifest/slack/manifest.yml with every request URL — the /engage command,
 * interactivity and events — pointing at PUBLIC_BASE_URL's /slack/events. Paste it at
 * https://api.slack.com/apps → "Create New App → From an app manifest". Without PUBLIC_BASE_URL (or with
 * one that is not https) it names the variable and writes nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { ConfigError, loadEnv } from '../../src/config/env.ts';

const TEMPLATE = new URL('../../manifest/slack/manifest.yml', import.meta.url);
const EVENTS_PATH = 'slack/events';

/** The manifest's text with every request URL at `publicBaseUrl` (comments kept). */
export function slackManifest(publicBaseUrl: string): string {
  const document = parseDocument(readFileSync(TEMPLATE, 'utf8'));
  // Relative to the base with its path kept: a service behind https://host/engage/ gets /engage/slack/events.
  const url = new URL(EVENTS_PATH, publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`).href;
  const commands = document.getIn(['features', 'slash_commands']) as { items: unknown[] };
  commands.items.forEach((_, index) => document.setIn(['features', 'slash_commands', index, 'url'], url));
  document.setIn(['settings', 'event_subscriptions', 'request_url'], url);
  document.setIn(['settings', 'interactivity', 'request_url'], url);
  return document.toString();
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist/slack-manifest.yml' } } });
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (!env.PUBLIC_BASE_URL || new URL(env.PUBLIC_BASE_URL).protocol !== 'https:') {
    process.stderr.write(
      "PUBLIC_BASE_URL: required: the service's public https address, where Slack sends commands and events\n",
    );
    return 1;
  }
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, slackManifest(env.PUBLIC_BASE_URL));
  process.stdout.write(
    `wrote ${out}: paste it at https://api.slack.com/apps → Create New App → From an app manifest\n`,
  );
  return 0;
}

if (process.argv[1] === new URL(import.meta.url).pathname) process.exitCode = await main();

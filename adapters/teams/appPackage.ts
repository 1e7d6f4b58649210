/**
 * The Teams app package an administrator uploads to Teams: manifest/teams/manifest.json with the bot's
 * Microsoft App ID, the release version and (when PUBLIC_BASE_URL is set) its host as the valid domain
 * filled in, plus the color icon (192×192) and the outline icon (32×32, white on transparent) rendered
 * from the SVGs beside it with resvg. Entries sit at the zip root with a fixed date, so the same inputs
 * always make the same zip.
 */
import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import yazl from 'yazl';

const MANIFEST_DIR = new URL('../../manifest/teams/', import.meta.url);
const ENTRY_DATE = new Date('2026-01-01T00:00:00Z');

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

export interface TeamsPackageOptions {
  /** The bot's Microsoft App ID (MICROSOFT_APP_ID). */
  botId: string;
  /** The app version shown in Teams (semver). */
  version: string;
  /** PUBLIC_BASE_URL, whose host becomes the app's valid domain. */
  publicBaseUrl?: string;
}

type Manifest = Record<string, unknown> & { bots: Record<string, unknown>[] };

/** The committed manifest template as it is (its bot id is the all-zero GUID). */
export function manifestTemplate(): Manifest {
  return JSON.parse(readFileSync(new URL('manifest.json', MANIFEST_DIR), 'utf8')) as Manifest;
}

export function teamsManifest(options: TeamsPackageOptions): Manifest {
  const template = manifestTemplate();
  const manifest: Manifest = {
    ...template,
    version: options.version,
    bots: template.bots.map((bot) => ({ ...bot, botId: options.botId })),
  };
  if (options.publicBaseUrl) manifest.validDomains = [new URL(options.publicBaseUrl).host];
  return manifest;
}

/** Renders one of the icon SVGs in manifest/teams/ to a square PNG of the given size. */
export function renderIcon(name: 'color' | 'outline', size: number): Buffer {
  const svg = readFileSync(new URL(`${name}.svg`, MANIFEST_DIR), 'utf8');
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

/** The zip's bytes: manifest.json, color.png and outline.png at the root. */
export function buildTeamsPackage(options: TeamsPackageOptions): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const add = (name: string, content: Buffer) => zip.addBuffer(content, name, { mtime: ENTRY_DATE });
  add('manifest.json', Buffer.from(`${JSON.stringify(teamsManifest(options), null, 2)}\n`));
  add('color.png', renderIcon('color', COLOR_ICON_SIZE));
  add('outline.png', renderIcon('outline', OUTLINE_ICON_SIZE));
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/**
 * The Teams app package an administrator uploads to Teams: manifest/teams/manifest.json with this
 * installation's own values filled in — the bot's Microsoft App ID, which is also the app's id (as
 * Microsoft asks for an app with a bot, so every institution's app has its own id, the same on every
 * re-packaging), the release version, PUBLIC_BASE_URL as website and valid domain, and the institution's
 * privacy notice and terms of use — plus the color icon (192×192) and the outline icon (32×32, white on transparent) rendered
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
  /** The bot's Microsoft App ID (MICROSOFT_APP_ID), also the app's id. */
  botId: string;
  /** The app version shown in Teams (semver). */
  version: string;
  /** PUBLIC_BASE_URL: the app's website, and its host the valid domain. */
  publicBaseUrl: string;
  /** The institution's privacy notice for Engage (TEAMS_PRIVACY_URL). */
  privacyUrl: string;
  /** The institution's terms of use for Engage (TEAMS_TERMS_URL). */
  termsOfUseUrl: string;
}

type Manifest = Record<string, unknown> & { bots: Record<string, unknown>[] };

/** The committed manifest template as it is (its app and bot ids are the all-zero GUID). */
export function manifestTemplate(): Manifest {
  return JSON.parse(readFileSync(new URL('manifest.json', MANIFEST_DIR), 'utf8')) as Manifest;
}

export function teamsManifest(options: TeamsPackageOptions): Manifest {
  const template = manifestTemplate();
  const site = new URL(options.publicBaseUrl);
  return {
    ...template,
    id: options.botId,
    version: options.version,
    developer: {
      ...(template.developer as Record<string, unknown>),
      websiteUrl: site.origin,
      privacyUrl: options.privacyUrl,
      termsOfUseUrl: options.termsOfUseUrl,
    },
    bots: template.bots.map((bot) => ({ ...bot, botId: options.botId })),
    validDomains: [site.host],
  };
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

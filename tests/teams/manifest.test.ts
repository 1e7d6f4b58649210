import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { manifestTemplate } from '../../adapters/teams/appPackage.ts';
import { VERSION } from '../../adapters/runtime/version.ts';
import { withTempDir } from '../helpers/tempDir.ts';
import { APP_ID } from './botFramework.ts';
import { decodePng, readZip } from './zipAndPng.ts';

const SCHEMA = JSON.parse(
  readFileSync('/work/shared/schemas/teams-manifest-1.29.schema.json', 'utf8'),
) as object;
const PACKAGER = new URL('../../adapters/teams/packageTeams.ts', import.meta.url).pathname;

function manifestValidator() {
  // Both packages are CommonJS: Node's default import is module.exports, whose `default` is the export.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(SCHEMA);
}

const INSTALLATION = {
  MICROSOFT_APP_ID: APP_ID,
  PUBLIC_BASE_URL: 'https://engage.uni.example.ac.uk',
  TEAMS_PRIVACY_URL: 'https://www.uni.example.ac.uk/privacy/engage',
  TEAMS_TERMS_URL: 'https://www.uni.example.ac.uk/terms/engage',
};

function runPackager(env: Record<string, string>, out: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', PACKAGER, '--out', out], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
}

describe('the Teams app manifest and package', () => {
  it('commits a manifest valid against the Teams 1.29 schema, with the bot in team, personal and group chat and its commands', () => {
    const validate = manifestValidator();
    const manifest = manifestTemplate();
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    const bot = manifest.bots[0] as { scopes: string[]; commandLists: { commands: { title: string }[] }[] };
    expect(bot.scopes).toEqual(['team', 'personal', 'groupChat']);
    for (const list of bot.commandLists) {
      expect(list.commands.map((command) => command.title)).toEqual([
        'student',
        'digest',
        'declining',
        'priority',
        'bands',
        'help',
      ]);
    }
  });

  it("`npm run package:teams` writes a zip with the manifest (ids, version, domain and the institution's links filled in) and both icons at its root", async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'dist', 'engage-teams.zip');
      const result = await runPackager(INSTALLATION, out);
      expect(result).toEqual({ code: 0, stderr: '' });
      const entries = readZip(readFileSync(out));
      expect([...entries.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);

      const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as {
        id: string;
        version: string;
        developer: { websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
        validDomains: string[];
        bots: { botId: string }[];
      };
      const validate = manifestValidator();
      expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
      expect(manifest.bots[0]!.botId).toBe(APP_ID);
      // The app's id is the installation's own (its bot's), never one shared by every institution.
      expect(manifest.id).toBe(APP_ID);
      expect(manifest.developer).toMatchObject({
        websiteUrl: 'https://engage.uni.example.ac.uk',
        privacyUrl: 'https://www.uni.example.ac.uk/privacy/engage',
        termsOfUseUrl: 'https://www.uni.example.ac.uk/terms/engage',
      });
      expect(manifest.version).toBe(VERSION);
      expect(manifest.validDomains).toEqual(['engage.uni.example.ac.uk']);

      const color = decodePng(entries.get('color.png')!);
      expect([color.width, color.height]).toEqual([192, 192]);
      const outline = decodePng(entries.get('outline.png')!);
      expect([outline.width, outline.height]).toEqual([32, 32]);
      let drawn = 0;
      for (let i = 0; i < outline.pixels.length; i += 4) {
        const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
        if (a === 0) continue;
        drawn++;
        expect([r, g, b]).toEqual([255, 255, 255]);
      }
      expect(drawn).toBeGreaterThan(0);
      expect(outline.pixels[3]).toBe(0);
    });
  });

  it('refuses to package without MICROSOFT_APP_ID, naming it, and writes nothing', async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'engage-teams.zip');
      const result = await runPackager({}, out);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^MICROSOFT_APP_ID: required/);
      expect(existsSync(out)).toBe(false);
    });
  });

  it("refuses to package without PUBLIC_BASE_URL or the institution's https privacy notice and terms, naming each", async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'engage-teams.zip');
      const { PUBLIC_BASE_URL: _host, TEAMS_PRIVACY_URL: _privacy, ...rest } = INSTALLATION;
      const result = await runPackager({ ...rest, TEAMS_TERMS_URL: 'http://insecure.example/terms' }, out);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^PUBLIC_BASE_URL: required/),
        expect.stringMatching(/^TEAMS_PRIVACY_URL: required/),
        expect.stringMatching(/^TEAMS_TERMS_URL: expected an https URL/),
      ]);
      expect(existsSync(out)).toBe(false);
    });
  });

  it("commits no app id of its own: each installation's package takes its bot's", () => {
    expect(manifestTemplate().id).toBe('00000000-0000-0000-0000-000000000000');
  });
});

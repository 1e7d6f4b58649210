// The compiled CLI (npm install's prepare step) runs only while it matches the sources, behaves as the
// TypeScript does, and loads no package for `engage --help`: each command's code is loaded when it runs.
import { execFile } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../adapters/cli/launcher/build.js';
import { compiledEntry, fingerprint } from '../../adapters/cli/launcher/compiled.js';
import { runCli } from '../../adapters/cli/main.ts';
import { captureOutput } from '../helpers/captureOutput.ts';
import { withTempDir } from '../helpers/tempDir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'dist', `cli-test-${process.pid}`);
const run = promisify(execFile);

describe('the compiled CLI', () => {
  afterAll(async () => rm(OUT, { recursive: true, force: true }));

  it('prints what the TypeScript prints, finds files beside its sources, and loads no package for --help', async () => {
    const { inputs } = await buildCli(OUT);
    expect(inputs).toContain('adapters/cli/main.ts');
    const entry = join(OUT, 'cli.js');
    const source = captureOutput();
    await runCli(['--help'], source, {});
    const help = await run(process.execPath, [entry, '--help']);
    expect(help.stdout).toBe(`${source.stdout.join('\n')}\n`);
    // VERSION is read from package.json beside the sources, through import.meta.url.
    const version = await run(process.execPath, [entry, '--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);

    // What --help loads: the entry chunk and the chunks it imports statically — Node's built-ins only.
    const loaded = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const [, specifier] of readFileSync(join(OUT, file), 'utf8').matchAll(
        /^import\s[^'"]*?["']([^'"]+)["']/gm,
      )) {
        if (specifier!.startsWith('./')) visit(specifier!.slice(2));
        else if (!specifier!.startsWith('node:')) packages.add(specifier!);
      }
    };
    visit('cli.js');
    expect([...packages]).toEqual([]);
  }, 120_000);

  it('is used only while every source it was built from is unchanged', async () => {
    await withTempDir(async (root) => {
      const out = join(root, 'dist', 'cli');
      await mkdir(out, { recursive: true });
      const sourceFile = join(root, 'main.ts');
      writeFileSync(sourceFile, 'export const answer = 42;\n');
      const record = () =>
        writeFileSync(
          join(out, 'inputs.json'),
          JSON.stringify({ inputs: { 'main.ts': fingerprint(sourceFile) } }),
        );
      expect(compiledEntry(root, out)).toBeNull(); // never built
      record();
      expect(compiledEntry(root, out)).toBe(pathToFileURL(join(out, 'cli.js')).href);

      const later = new Date(Date.now() + 60_000);
      utimesSync(sourceFile, later, later); // touched, content unchanged
      expect(compiledEntry(root, out)).toBe(pathToFileURL(join(out, 'cli.js')).href);

      writeFileSync(sourceFile, 'export const answer = 43;\n'); // same size, new content
      expect(compiledEntry(root, out)).toBeNull();

      record();
      await rm(sourceFile);
      expect(compiledEntry(root, out)).toBeNull(); // a source gone
    });
  });
});

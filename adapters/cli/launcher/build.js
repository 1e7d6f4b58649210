/**
 * `npm run build` (and `npm install`'s prepare step): compiles the CLI's TypeScript into JavaScript under
 * dist/cli/ with esbuild — one entry, one chunk per command loaded only when that command runs, packages
 * left to node_modules (except those in BUNDLED_PACKAGES) — and records every source file it read with its SHA-256 (dist/cli/inputs.json), so
 * the launcher (adapters/cli/engage.js) runs the build only while it matches the sources. See
 * docs/cli.md.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { fingerprint } from './compiled.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Packages compiled into the CLI from their ES-module build. Node picks mingo's CommonJS build (its
 * "node" export condition): a few hundred small files whose loading and export scanning cost every
 * command on the embedded store about a fifth of a second.
 */
const BUNDLED_PACKAGES = ['mingo'];

/**
 * Compiles the CLI into `outDir` (a folder directly inside the repository, so paths computed from
 * import.meta.url keep meaning the source file's place: see keepSourceUrls).
 */
export async function buildCli(outDir = join(ROOT, 'dist', 'cli')) {
  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'adapters/cli/cli.ts' },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [packagesExternalExcept(BUNDLED_PACKAGES), keepSourceUrls(outDir)],
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  const record = { inputs: Object.fromEntries(inputs.map((file) => [file, fingerprint(join(ROOT, file))])) };
  writeFileSync(join(outDir, 'inputs.json'), `${JSON.stringify(record, null, 1)}\n`);
  return { outDir, inputs };
}

/**
 * Leaves every package to node_modules except `bundled`, whose imports resolve through their package's
 * exports map to the ES-module ("default") build, to be compiled in.
 */
function packagesExternalExcept(bundled) {
  return {
    name: 'packages-external-except',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = bundled.find((pkg) => args.path === pkg || args.path.startsWith(`${pkg}/`));
        if (name === undefined) return { path: args.path, external: true };
        const folder = join(ROOT, 'node_modules', name);
        const { exports } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
        const target = exports[`.${args.path.slice(name.length)}`]?.default;
        if (typeof target !== 'string') throw new Error(`${args.path} has no ES-module export to bundle`);
        return { path: join(folder, target) };
      });
    },
  };
}

/**
 * A bundled module's import.meta.url is its chunk's. Each source's own `import.meta.url` is replaced by its
 * source file's URL, reached relatively from the output folder (every chunk is written there), so a
 * module that finds a file beside it, or checks whether it is the main module, behaves as it does from
 * source, wherever the repository sits.
 */
function keepSourceUrls(outDir) {
  return {
    name: 'keep-source-urls',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const other = /import\.meta\.(?!url\b)\w+/.exec(source);
        if (other)
          throw new Error(`${relative(ROOT, args.path)}: ${other[0]} is not supported by the CLI build`);
        const fromOut = relative(outDir, args.path).split('\\').join('/');
        const url = `new URL(${JSON.stringify(fromOut)}, import.meta.url).href`;
        return {
          contents: source.replace(/\bimport\.meta\.url\b/g, url),
          loader: 'ts',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outDir, inputs } = await buildCli(process.argv[2]);
  process.stdout.write(
    `engage: compiled ${inputs.length} source files into ${relative(process.cwd(), outDir) || '.'}\n`,
  );
}

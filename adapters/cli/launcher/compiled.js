/**
 * Whether the compiled CLI under dist/cli/ may run: only when every source file it was built from still
 * has the content it had then (recorded by build.js in inputs.json with its SHA-256, size and modification
 * time; a file whose size and time are unchanged is not read again). An edited, moved or deleted source, a
 * missing build or an unreadable record all mean "run the TypeScript instead".
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The compiled entry's URL when the build in `outDir` matches the sources under `root`; null otherwise. */
export function compiledEntry(root = ROOT, outDir = join(root, 'dist', 'cli')) {
  try {
    const { inputs } = JSON.parse(readFileSync(join(outDir, 'inputs.json'), 'utf8'));
    const files = Object.entries(inputs);
    if (files.length === 0) return null;
    for (const [file, recorded] of files) {
      if (!sameContent(join(root, file), recorded)) return null;
    }
    return pathToFileURL(join(outDir, 'cli.js')).href;
  } catch {
    return null;
  }
}

/** What build.js records of a source file. */
export function fingerprint(path) {
  const { size, mtimeMs } = statSync(path);
  return { size, mtimeMs, sha256: sha256(path) };
}

function sameContent(path, recorded) {
  const { size, mtimeMs } = statSync(path);
  if (size !== recorded.size) return false;
  return mtimeMs === recorded.mtimeMs || sha256(path) === recorded.sha256;
}

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

#!/usr/bin/env node
// The `engage` executable. Runs the compiled CLI (dist/cli/, built by `npm run build`, which `npm install`
// runs) while it matches the sources, and the TypeScript sources through tsx otherwise: what runs is never
// older than the sources. See docs/cli.md.
// `engage serve` runs with the service's V8 worker pool (launcher/v8Pool.js): started without one, it runs
// itself again with it.
import { compiledEntry } from './launcher/compiled.js';
import { rerunWithServicePool } from './launcher/v8Pool.js';

if (process.argv[2] !== 'serve' || !rerunWithServicePool()) {
  const compiled = compiledEntry();
  if (compiled) {
    await import(compiled);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('./cli.ts');
  }
}

#!/usr/bin/env node
// The `engage` executable: loads the TypeScript sources through tsx, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
const { processOutput } = await import('./output.ts');
process.exitCode = await runCli(process.argv.slice(2), processOutput());

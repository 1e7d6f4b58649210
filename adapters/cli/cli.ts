/** The CLI as a program: runs `engage` with the process's arguments and streams, and sets its exit code. */
import { runCli } from './main.ts';
import { processOutput } from './output.ts';

process.exitCode = await runCli(process.argv.slice(2), processOutput());

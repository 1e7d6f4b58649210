// The V8 worker pool of the long-running service. Node starts four V8 worker threads, whose parallel
// garbage collection competes with the request handling and anything else on the machine; on a 2-core
// machine, 1,000 signed lookups a second had a p99 of 35–72 ms with four and 20–32 ms with one. So
// `engage serve` runs with one worker per core beyond the first, at most Node's four, unless the process
// was started with its own --v8-pool-size. See docs/cli.md, "engage serve".
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** The pool size for a machine with `cores` cores. */
export function servicePoolSize(cores) {
  return Math.max(1, Math.min(4, cores - 1));
}

/** The flag to add to this process's own, or null when it already sets the pool size. */
export function poolFlag(execArgv = process.execArgv, cores = availableParallelism()) {
  if (execArgv.some((arg) => arg.startsWith('--v8-pool-size'))) return null;
  return `--v8-pool-size=${servicePoolSize(cores)}`;
}

/**
 * Runs this same command again in a child with the service's pool size, passing signals on and exiting as
 * the child does; false (nothing done) when the pool size is already set.
 */
export function rerunWithServicePool() {
  const flag = poolFlag();
  if (flag === null) return false;
  // In its own process group, so a terminal's Ctrl-C reaches it once, passed on from here, not twice.
  const child = spawn(process.execPath, [flag, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
  return true;
}

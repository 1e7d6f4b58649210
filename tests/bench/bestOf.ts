/** The benches' timing rule: one warm-up run, then the fastest of `runs` timed runs, in seconds. */
import { performance } from 'node:perf_hooks';

export function bestOf(runs: number, task: () => unknown): number {
  task();
  let fastest = Infinity;
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    task();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest / 1000;
}

/**
 * `npm run bench`: runs the benchmark groups and prints their figures as a table, or with `--json` as one
 * JSON object of `group.figure` keys. `--only <group>` runs one group. Each group lives in groups/<name>.ts
 * and exports `run(): Promise<Record<string, number>>`. The bench runs with the V8 worker pool `engage serve`
 * runs with (adapters/cli/launcher/v8Pool.js), running itself again with it when started without one, so
 * the chat server and the predict step are measured as the service runs them.
 */
import { parseArgs } from 'node:util';
import { rerunWithServicePool } from '../../adapters/cli/launcher/v8Pool.js';

const GROUPS: Record<string, () => Promise<{ run(): Promise<Record<string, number>> }>> = {
  store: () => import('./groups/store.ts'),
  score: () => import('./groups/score.ts'),
  synthetic: () => import('./groups/synthetic.ts'),
  rules: () => import('./groups/rules.ts'),
  ingest: () => import('./groups/ingest.ts'),
  charts: () => import('./groups/charts.ts'),
  chat: () => import('./groups/chat.ts'),
  predict: () => import('./groups/predict.ts'),
  xapi: () => import('./groups/xapi.ts'),
  cli: () => import('./groups/cli.ts'),
  governance: () => import('./groups/governance.ts'),
};

if (!rerunWithServicePool()) await runBench();

async function runBench(): Promise<void> {
  const { values } = parseArgs({
    options: { json: { type: 'boolean', default: false }, only: { type: 'string', multiple: true } },
  });

  const selected = values.only ?? Object.keys(GROUPS);
  const unknown = selected.filter((name) => !(name in GROUPS));
  if (unknown.length > 0) {
    process.stderr.write(
      `bench: unknown group ${unknown.join(', ')}; groups: ${Object.keys(GROUPS).join(', ')}\n`,
    );
    process.exit(2);
  }

  const figures: Record<string, number> = {};
  for (const name of selected) {
    if (!values.json) process.stderr.write(`bench: running ${name}...\n`);
    const group = await GROUPS[name]!();
    Object.assign(figures, await group.run());
  }

  if (values.json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } else {
    const width = Math.max(...Object.keys(figures).map((key) => key.length));
    for (const [key, value] of Object.entries(figures)) {
      process.stdout.write(`${key.padEnd(width)}  ${Number.isInteger(value) ? value : value.toFixed(3)}\n`);
    }
  }
}

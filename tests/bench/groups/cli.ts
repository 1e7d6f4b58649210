/**
 * Bench group "cli": how long an administrator waits for `engage`, as a process started from the shell —
 * `engage --help` (cli.help_s), and one `engage student <id>` on the default demo's store (cli.student_s,
 * 2,000 students × 12 weeks, generated into a temp folder first). The compiled CLI is built first if it
 * does not match the sources, as `npm install` leaves it. Best of three timed runs after a warm-up, in
 * seconds of wall time. Targets (issue 12): help ≤ 0.3 s, student ≤ 1.0 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../../../adapters/cli/launcher/build.js';
import { compiledEntry } from '../../../adapters/cli/launcher/compiled.js';
import { bestOf } from '../bestOf.ts';

const ENGAGE = fileURLToPath(new URL('../../../adapters/cli/engage.js', import.meta.url));

const engage = (args: string[]) =>
  execFileSync(process.execPath, [ENGAGE, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  }).toString();

export async function run(): Promise<Record<string, number>> {
  if (compiledEntry() === null) await buildCli();
  const dataDir = await mkdtemp(join(tmpdir(), 'engage-bench-cli-'));
  try {
    const demo = JSON.parse(engage(['demo', '--json', '--no-serve', '--data-dir', dataDir])) as {
      view: { sections: { rows: { studentId: string }[] }[] };
    };
    const studentId = demo.view.sections.flatMap((section) => section.rows)[0]?.studentId;
    if (!studentId) throw new Error('the demo listed no student to look up');
    return {
      'cli.help_s': bestOf(3, () => engage(['--help'])),
      'cli.student_s': bestOf(3, () => engage(['student', studentId, '--data-dir', dataDir])),
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

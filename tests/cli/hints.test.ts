// Every command the demo and the OULAD import suggest ("Next: …", the outbox) runs exactly as printed,
// from the project folder, on the store it was printed for: `npx engage …` (npm does not put a project's
// own executable on the PATH) with --data-dir naming the store when it is not the default one.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OULAD_MINI = join(ROOT, 'tests/fixtures/oulad-mini');

/**
 * The reader's environment, without the MongoDB server CI runs the store contract against: the hints name
 * the embedded stores they were printed for, and MONGODB_URI would send every command to that server.
 */
const READER_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('MONGODB_')),
);

/** Runs a command line through the shell in the project folder, as a reader would paste it. */
function shell(line: string) {
  return spawn('sh', ['-c', line], {
    cwd: ROOT,
    env: { ...READER_ENV, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

async function runToEnd(line: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = shell(line);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** The suggested command lines in a command's text output. */
function hintsIn(output: string): string[] {
  return [...output.matchAll(/npx engage [^()\n]*?(?=\s{2,}|\)|$)/gm)].map((match) => match[0].trim());
}

describe('the commands Engage suggests', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage hints-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('after the demo, each runs as printed on the demo store (and --serve serves its preview)', async () => {
    const store = join(dir, 'demo store');
    const demo = await runToEnd(
      `node adapters/cli/engage.js demo --students 200 --weeks 6 --seed 5 --no-serve --data-dir '${store}'`,
    );
    expect({ code: demo.code, stderr: demo.stderr }).toEqual({ code: 0, stderr: demo.stderr });
    const hints = hintsIn(demo.stdout);
    const waiting = /(\d[\d,]*) tutor notifications? waiting in the outbox/.exec(demo.stdout)?.[1];
    expect(waiting).toBeDefined();
    expect(hints.some((hint) => hint.startsWith('npx engage rules outbox'))).toBe(true);
    expect(hints.some((hint) => hint.startsWith('npx engage student '))).toBe(true);
    expect(hints.length).toBeGreaterThanOrEqual(5);
    for (const hint of hints) {
      expect(hint).toContain(`--data-dir '${store}'`);
      if (hint.includes('--serve')) {
        // The same demo options, so the run reuses the stored demo rather than generating another.
        for (const option of ['--students 200', '--weeks 6', '--seed 5']) expect(hint).toContain(option);
        const child = shell(hint);
        let preview: string | undefined;
        for await (const line of createInterface({ input: child.stdout })) {
          preview = /^Preview: (\S+)/.exec(line)?.[1];
          if (preview) break;
        }
        expect(preview).toMatch(/^http:\/\/localhost:\d+\/preview$/);
        process.kill(-child.pid!, 'SIGTERM');
        continue;
      }
      const result = await runToEnd(hint);
      expect({ hint, code: result.code, stderr: result.stderr }).toEqual({ hint, code: 0, stderr: '' });
      expect(result.stdout).not.toMatch(/No deliveries|no week has been scored/);
      // The outbox the demo points at holds what the demo said it holds.
      if (hint.startsWith('npx engage rules outbox'))
        expect(result.stdout).toMatch(new RegExp(`^${waiting} tutor notifications? waiting to be posted`));
    }
  }, 240_000);

  it('after an OULAD import into another folder, the next command reads that folder', async () => {
    const store = join(dir, 'oulad');
    const imported = await runToEnd(
      `node adapters/cli/engage.js import oulad ${OULAD_MINI} --data-dir '${store}'`,
    );
    expect({ code: imported.code, stderr: imported.stderr }).toEqual({ code: 0, stderr: imported.stderr });
    const [next, ...more] = hintsIn(imported.stdout);
    expect(more).toEqual([]);
    // The import trains the first risk model on the imported terms, so At Risk is listed at once.
    expect(next).toBe(`npx engage students --list at-risk --data-dir '${store}'`);
    const lastWeek = /term weeks .* to (\d{4}-W\d\d)\)/.exec(imported.stdout)?.[1];
    expect(lastWeek).toBeDefined();
    const result = await runToEnd(next!);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`— ${lastWeek}:`);
  }, 120_000);
});

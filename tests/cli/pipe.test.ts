// `engage … | head`: a reader that stops early is a normal end. The real executable, its standard output
// closed before it writes: no stack trace, exit 0, and the store is released for the next command.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENGAGE = fileURLToPath(new URL('../../adapters/cli/engage.js', import.meta.url));

/** Runs engage with its standard output closed at once (as `| head -0` would); resolves exit code and stderr. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENGAGE, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('engage with a pipe that closes early', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'engage-pipe-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('ends quietly with exit 0 and leaves no store lock behind', async () => {
    const { code, stderr } = await runWithClosedStdout([
      'demo',
      '--students',
      '200',
      '--weeks',
      '6',
      '--data-dir',
      dataDir,
    ]);
    expect(stderr).not.toMatch(/EPIPE|Error:|at .*\(/);
    expect(code).toBe(0);
    expect(existsSync(join(dataDir, 'LOCK'))).toBe(false);
    expect((await readdir(dataDir)).length).toBeGreaterThan(0);
  }, 60_000);
});

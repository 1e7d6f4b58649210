// `engage demo` as a user runs it: with --serve it keeps serving the local preview and says where, until
// SIGTERM; with its output piped (not a terminal, as in CI) it prints the Monday view and exits.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENGAGE_BIN = new URL('../../adapters/cli/engage.js', import.meta.url).pathname;
const SMALL_DEMO = ['demo', '--students', '200', '--weeks', '6', '--seed', '3'];

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'engage-demo-serve-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

function run(args: string[]) {
  return spawn(process.execPath, [ENGAGE_BIN, ...args, '--data-dir', dataDir], {
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exitOf = (child: ReturnType<typeof run>) =>
  new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

describe('engage demo and the local preview', () => {
  it('with output piped, prints the Monday view and exits without serving', async () => {
    const child = run(SMALL_DEMO);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    expect(await exitOf(child)).toBe(0);
    expect(output).toMatch(/Distribution by band/);
    expect(output).not.toMatch(/Preview:/);
  });

  it('with --serve, says where the preview is, serves it, and stops cleanly on SIGTERM', async () => {
    const child = run([...SMALL_DEMO, '--serve']);
    const exited = exitOf(child);
    let previewUrl: string | undefined;
    for await (const line of createInterface({ input: child.stdout })) {
      const match = /^Preview: (http:\/\/localhost:\d+\/preview) \(Ctrl-C to stop\)$/.exec(line);
      if (match) {
        previewUrl = match[1];
        break;
      }
    }
    expect(previewUrl).toBeDefined();
    const page = await fetch(previewUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Engage');
    const personas = (await (await fetch(`${previewUrl}/api/personas`)).json()) as {
      personas: { role: string }[];
    };
    expect(personas.personas.map((persona) => persona.role)).toContain('Personal tutor');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

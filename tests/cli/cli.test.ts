import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

const run = promisify(execFile);

describe('engage command line', () => {
  it('lists every command with examples and the exit-code convention', async () => {
    const out = captureOutput();
    expect(await runCli(['--help'], out, {})).toBe(0);
    expect(out.text()).toMatch(/^ {2}demo\s/m);
    expect(out.text()).toMatch(/^ {2}serve\s/m);
    expect(out.text()).toContain('examples:');
    expect(out.text()).toContain('Exit codes: 0 ok, 1 failure, 2 usage error');
  });

  it('answers `engage` alone with the help and exit code 2: no command was named', async () => {
    const out = captureOutput();
    expect(await runCli([], out, {})).toBe(2);
    expect(out.text()).toContain('usage: engage <command> [options]');
  });

  it("shows one command's help with its options and examples", async () => {
    const out = captureOutput();
    expect(await runCli(['serve', '--help'], out, {})).toBe(0);
    expect(out.text()).toContain('usage: engage serve');
    expect(out.text()).toContain('--data-dir <path>');
  });

  it('answers an unknown command or option with exit code 2 and says what was wrong', async () => {
    const unknownCommand = captureOutput();
    expect(await runCli(['frobnicate'], unknownCommand, {})).toBe(2);
    expect(unknownCommand.stderr.join('\n')).toContain('unknown command "frobnicate"');

    const unknownOption = captureOutput();
    expect(await runCli(['demo', '--colour'], unknownOption, {})).toBe(2);
    expect(unknownOption.stderr.join('\n')).toMatch(/--colour/);
    expect(unknownOption.stderr.join('\n')).toContain('usage: engage demo');
  });

  it('refuses to run with bad configuration: exit code 1 naming the variable', async () => {
    const out = captureOutput();
    expect(await runCli(['demo'], out, { PORT: '99999' })).toBe(1);
    expect(out.stderr.join('\n')).toContain('PORT');
  });

  it('runs as an installed executable', async () => {
    const { stdout } = await run(process.execPath, ['adapters/cli/engage.js', '--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

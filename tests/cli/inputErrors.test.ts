// Mistakes in what a command is given — a file that is not there, a rule or sources file with bad fields,
// a mistyped option, a source the store does not have — are input errors: exit code 2 and one line
// saying what and where (with the nearest valid choice), never Node's raw error or a stack trace.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

const SOURCES = `sources:
  - id: moodle
    name: Moodle
    kind: vle
    feed: { format: activity, columns: { student: UserID, timestamp: EventTime, count: Events } }
  - id: library-gates
    name: Library gates
    kind: library
    feed: { format: swipes }
`;

describe('input errors on the command line', () => {
  let dir: string;
  const run = async (args: string[]) => {
    const out = captureOutput();
    const code = await runCli([...args, '--data-dir', join(dir, 'store')], out, {});
    return { code, stderr: out.stderr, stdout: out.stdout };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage-input-errors-'));
    await writeFile(join(dir, 'sources.yaml'), SOURCES);
    expect((await run(['sources', 'configure', join(dir, 'sources.yaml')])).code).toBe(0);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('names a missing file and where it was looked for, in one line, with exit code 2', async () => {
    const missing = join(dir, 'moodle-2026-10-05.csv');
    for (const args of [
      ['ingest', 'moodle', missing],
      ['outcomes', 'import', missing],
      ['sources', 'configure', missing],
      ['rules', 'preview', '--file', missing],
      ['import', 'oulad', join(dir, 'no-such-folder')],
    ]) {
      const { code, stderr } = await run(args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(new RegExp(`^engage ${args[0]}: .*${dir}/[\\w.-]+: no such file or folder$`));
      expect(stderr[0]).not.toMatch(/ENOENT/);
    }
  });

  it('treats a rule or sources file with valid YAML but invalid fields like malformed YAML: exit 2, one line naming the file and fields', async () => {
    await writeFile(join(dir, 'rule.yaml'), 'id: welfare\nname: Welfare\ntrigger: { kind: below }\n');
    const rule = await run(['rules', 'preview', '--file', join(dir, 'rule.yaml')]);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toEqual([
      expect.stringMatching(/^engage rules: --file .*rule\.yaml is not valid: .*threshold/),
    ]);

    await writeFile(join(dir, 'broken.yaml'), 'id: [welfare\n');
    const broken = await run(['rules', 'preview', '--file', join(dir, 'broken.yaml')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toEqual([expect.stringMatching(/broken\.yaml is not valid YAML/)]);

    await writeFile(join(dir, 'bad-sources.yaml'), 'sources:\n  - id: 3\n    name: Gym\n');
    const sources = await run(['sources', 'configure', join(dir, 'bad-sources.yaml')]);
    expect(sources.code).toBe(2);
    expect(sources.stderr).toEqual([
      expect.stringMatching(
        /^engage sources: .*bad-sources\.yaml is not a valid sources file: sources\.0\.id: /,
      ),
    ]);
  });

  it('answers an unknown option with a clean message and the option meant', async () => {
    const { code, stderr } = await run(['demo', '--studnets', '300']);
    expect(code).toBe(2);
    expect(stderr[0]).toBe('engage demo: unknown option --studnets (did you mean --students?)');
  });

  it('answers a source the store does not have with the sources it has, wherever a source is named', async () => {
    for (const args of [
      ['sources', 'enable', 'vle', '--privacy-notice'],
      ['ingest', 'vle', '-'],
      ['quarantine', 'list', '--source', 'vle'],
      ['pull', 'vle'],
    ]) {
      const { code, stderr } = await run(args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr[0]).toBe(
        `engage ${args[0]}: unknown source "vle"; sources: library-gates, moodle${args[0] === 'quarantine' ? ', outcomes, coursework, audit-attributes' : ''}`,
      );
    }
    const typo = await run(['sources', 'disable', 'modle']);
    expect(typo.stderr[0]).toContain('unknown source "modle" (did you mean "moodle"?)');
  });
});

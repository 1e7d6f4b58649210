/**
 * `engage exemptions` on a store holding a few known-reason exemptions: `list` shows the current ones by
 * last day (as JSON too), `--ended` every one; `end <id>` ends one early, audited, and says so; a wrong id
 * or a missing one is a usage error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { repositories } from '../../src/repositories/index.ts';
import type { Exemption } from '../../src/repositories/exemptions.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

const NOW = new Date('2026-12-07T09:30:00Z');

describe('engage exemptions', () => {
  let dir: string;
  let current: Exemption;
  const engage = async (...args: string[]) => {
    const out = captureOutput();
    const code = await runCli([...args, '--data-dir', dir], out, {}, () => NOW);
    return { code, out };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage-exemptions-cli-'));
    const store = await openEmbeddedStore({ dataDir: dir });
    await ensureCollections(store.db);
    const repos = repositories(store.db);
    const set = (studentId: string, from: string, until: string, category: Exemption['category']) =>
      repos.exemptions.add({
        studentId,
        category,
        note: 'Agreed with the student',
        from,
        until,
        setBy: 'STF0001',
        setAt: new Date(`${from}T10:00:00Z`),
      });
    current = await set('S0000042', '2026-12-01', '2026-12-20', 'illness');
    await set('S0000043', '2026-12-03', '2026-12-12', 'placement');
    await set('S0000044', '2026-11-10', '2026-11-30', 'bereavement');
    await repos.institution.saveStudents([
      {
        id: 'S0000043',
        name: 'Priya Shah',
        email: 'p.shah@students.example.ac.uk',
        programmeId: 'P01',
        facultyId: 'F01',
        yearOfStudy: 2,
        cohort: '2025-SEP',
        entryBand: 'B',
        studyMode: 'full-time',
        status: 'active',
        tutorId: 'STF0001',
      },
    ]);
    await store.close();
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('lists the current exemptions by last day, and with --ended every one', async () => {
    const listed = await engage('exemptions', 'list');
    expect(listed.code).toBe(0);
    const lines = listed.out.text().split('\n');
    expect(lines[0]).toMatch(/^id\s+student\s+reason\s+from\s+last day\s+set by\s+status\s+note/);
    expect(lines[1]).toMatch(/S0000043\s+placement\s+2026-12-03\s+2026-12-12\s+STF0001\s+current/);
    expect(lines[2]).toMatch(/S0000042\s+illness\s+2026-12-01\s+2026-12-20/);
    expect(lines.at(-1)).toBe('2 exemptions.');
    const json = (await engage('exemptions', 'list', '--ended', '--json')).out.parsedJson() as {
      studentId: string;
      status: string;
    }[];
    expect(json.map((row) => [row.studentId, row.status])).toEqual([
      ['S0000043', 'current'],
      ['S0000042', 'current'],
      ['S0000044', 'ended'],
    ]);
  });

  it('engage student shows a known reason in force, as the chat card does', async () => {
    const shown = await engage('student', 'S0000043');
    expect(shown.code).toBe(0);
    expect(shown.out.text()).toContain('Exempt until 2026-12-12 (placement): Agreed with the student');
  });

  it('ends one early, audited; the same id again, or none, is refused', async () => {
    const ended = await engage('exemptions', 'end', current.id, '--as', 'STF0009');
    expect(ended.code).toBe(0);
    expect(ended.out.text()).toBe(
      `Exemption ${current.id} for S0000042 ended early: back in digests and alerts from 2026-12-07.`,
    );
    const json = (await engage('exemptions', 'list', '--ended', '--json')).out.parsedJson() as Exemption[];
    expect(json.find((row) => row.id === current.id)).toMatchObject({
      lastDay: '2026-12-06',
      status: 'ended early 2026-12-07',
      endedEarly: { by: 'STF0009' },
    });
    expect((await engage('exemptions', 'list')).out.text()).not.toContain('S0000042');
    const again = await engage('exemptions', 'end', current.id);
    expect(again.code).toBe(2);
    expect(again.out.stderr.join('\n')).toContain(`No current exemption has the id "${current.id}".`);
    expect((await engage('exemptions', 'end')).code).toBe(2);

    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      expect(await repositories(store.db).audit.forStudent('S0000042')).toContainEqual(
        expect.objectContaining({ actor: 'STF0009', action: 'exemption-ended-early', where: 'cli' }),
      );
    } finally {
      await store.close();
    }
  });
});

// Name search, as ranked for chat and the CLI: exact, then prefix, then word prefix, then contains; and
// `engage student <name>` lists the best matches, says how many match in all and how to narrow, and never
// opens a student from one letter.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { seedSyntheticInstitution } from '../../src/demo/seedSyntheticInstitution.ts';
import { nameMatch, rankByName } from '../../src/domain/nameSearch.ts';
import type { Student } from '../../src/domain/model.ts';
import { repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { planInstitution } from '../../src/synthetic/index.ts';
import { LOOKUP_CANDIDATES } from '../../src/weekly/studentView.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

describe('ranking a name search', () => {
  const people = ['Tharry Jones', 'Harry Smith', 'Anna Harryson', 'Harry', 'Zed Harryman', 'Bob Lee'].map(
    (name, i) => ({ id: `S${i}`, name }),
  );

  it('puts the exact name first, then names starting with it, then a word starting with it, then the rest', () => {
    expect(rankByName(people, 'harry').map((p) => p.name)).toEqual([
      'Harry',
      'Harry Smith',
      'Anna Harryson',
      'Zed Harryman',
      'Tharry Jones',
    ]);
    expect(nameMatch('Harry Smith', 'har smi')).toBe('word-prefix');
    expect(nameMatch('Bob Lee', 'harry')).toBeNull();
  });
});

describe('engage student <name>', () => {
  let dir: string;
  let students: Student[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage-search-'));
    const store = await openEmbeddedStore({ dataDir: dir });
    await ensureCollections(store.db);
    const institution = planInstitution({ students: 400, weeks: 4, seed: 3 });
    await seedSyntheticInstitution(repositories(store.db), institution);
    await store.close();
    students = institution.students;
  }, 60_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  async function cli(...args: string[]) {
    const out = captureOutput();
    const code = await runCli(['student', ...args, '--data-dir', dir], out, {});
    return { code, text: out.text() };
  }

  it('lists the best matches first, says how many match in all and how to narrow', async () => {
    // The most common first name: more students have it (or contain it) than one screen shows.
    const counts = new Map<string, number>();
    for (const s of students) {
      const first = s.name.split(' ')[0]!;
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    const [first] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const query = first.toLowerCase();
    const matching = students.filter((s) => s.name.toLowerCase().includes(query));
    const { code, text } = await cli(first);
    expect(code).toBe(1);
    expect(text).toContain(`${matching.length} students match "${first}", best matches first`);
    const listed = [...text.matchAll(/S\d{7}/g)].map((m) => m[0]);
    expect(listed).toEqual(
      rankByName(matching, first)
        .slice(0, LOOKUP_CANDIDATES)
        .map((s) => s.id),
    );
    if (matching.length > LOOKUP_CANDIDATES) {
      expect(text).toContain(
        `and ${matching.length - LOOKUP_CANDIDATES} more — type more of the name, or the student id`,
      );
    }
  });

  it('never opens a student from one letter, even when only one name holds it', async () => {
    const letter = 'abcdefghijklmnopqrstuvwxyz'
      .split('')
      .find((l) => students.filter((s) => s.name.toLowerCase().includes(l)).length === 1);
    const query = letter ?? students[0]!.name[0]!;
    const { code, text } = await cli(query);
    expect(code).toBe(1);
    expect(text).toMatch(/students? match/);
    expect(text).not.toContain('Recent contacts');
  });

  it('opens the one student a fuller name matches', async () => {
    const one = students.find((s) => students.filter((o) => o.name === s.name).length === 1)!;
    const { code, text } = await cli(one.name);
    expect(code).toBe(0);
    expect(text).toContain(`${one.name} (${one.id})`);
  });
});

/**
 * `engage cases` on a demo store: the case and contact services from the command line, and who is
 * contacting each listed student.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { repositories } from '../../src/repositories/index.ts';
import type { SupportCase } from '../../src/repositories/cases.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

describe('engage cases', () => {
  let dir: string;
  const engage = async (...args: string[]) => {
    const out = captureOutput();
    const code = await runCli([...args, '--data-dir', dir], out, {});
    return { code, out };
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage-cases-cli-'));
    expect((await engage('demo', '--students', '300', '--weeks', '8', '--seed', '4')).code).toBe(0);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('opens a case, appends instead of duplicating, logs a contact onto it, and closes it', async () => {
    const noCase = (await engage('cases', 'no-case', '--json')).out.parsedJson() as {
      total: number;
      rows: { studentId: string }[];
    };
    expect(noCase.total).toBe(noCase.rows.length);
    expect(noCase.total).toBeGreaterThan(0);
    const studentId = noCase.rows[0]!.studentId;

    const opened = await engage(
      'cases',
      'open',
      studentId,
      '--reason',
      'Declining for a month',
      '--as',
      'STF0001',
    );
    expect(opened.out.text()).toMatch(/^Opened case [0-9a-f-]{36}\.$/);
    const caseId = /case ([0-9a-f-]{36})/.exec(opened.out.text())![1]!;
    const again = await engage('cases', 'open', studentId, '--reason', 'Still declining');
    expect(again.out.text()).toBe(`The student already has case ${caseId}: added to its timeline.`);
    const contact = await engage(
      'cases',
      'contact',
      studentId,
      '--channel',
      'meeting',
      '--note',
      'Met after class',
    );
    expect(contact.out.text()).toBe(`Contact logged and added to case ${caseId}.`);
    expect((await engage('cases', 'close', caseId)).code).toBe(2);
    expect((await engage('cases', 'close', caseId, '--outcome', 'Back on track')).code).toBe(0);

    const shown = (await engage('cases', 'show', caseId, '--json')).out.parsedJson() as SupportCase;
    expect(shown).toMatchObject({
      studentId,
      status: 'closed',
      outcome: 'Back on track',
      ownerId: 'STF0001',
    });
    expect(shown.timeline.map((entry) => entry.kind)).toEqual(['opened', 'note', 'contact', 'status']);
    expect((await engage('cases', 'list', '--student', studentId)).out.text()).toMatch(
      new RegExp(`${caseId}\\s+${studentId}\\s+STF0001\\s+closed`),
    );
    const after = (await engage('cases', 'no-case', '--json')).out.parsedJson() as { total: number };
    expect(after.total).toBe(noCase.total);
  });

  it('says who is contacting each student in the lists ("claimed by", claimedBy in JSON); their contact closes the claim', async () => {
    const noCase = (await engage('cases', 'no-case', '--json')).out.parsedJson() as {
      rows: { studentId: string; claimedBy: unknown }[];
    };
    const studentId = noCase.rows.at(-1)!.studentId;
    expect(noCase.rows.at(-1)!.claimedBy).toBeNull();
    const since = new Date();
    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      await repositories(store.db).claims.claim({
        studentId,
        claimantId: 'STF0002',
        claimantName: 'Sam Lee',
        at: since,
        expiresAt: new Date(since.getTime() + 7 * 86_400_000),
      });
    } finally {
      await store.close();
    }
    const claimedBy = async () =>
      (
        (await engage('cases', 'no-case', '--json')).out.parsedJson() as {
          rows: { studentId: string; claimedBy: { name: string; state: string } | null }[];
        }
      ).rows.find((row) => row.studentId === studentId)?.claimedBy;
    expect(await claimedBy()).toMatchObject({ staffId: 'STF0002', name: 'Sam Lee', state: 'claimed' });
    const table = (await engage('cases', 'no-case')).out.text();
    expect(table).toContain('claimed by');
    expect(table).toMatch(
      new RegExp(`${studentId}.*Sam Lee since ${since.toISOString().slice(0, 16).replace('T', ' ')}`),
    );
    const list = (await engage('students', '--list', 'declining', '--json')).out.parsedJson() as {
      rows: { studentId: string; claimedBy: unknown }[];
    };
    // Engage + No Case students are declining: the declining list shows the claim too.
    expect(list.rows.find((row) => row.studentId === studentId)?.claimedBy).toMatchObject({
      name: 'Sam Lee',
      state: 'claimed',
    });

    // Someone else's contact leaves the claim; the claimant's closes it.
    await engage('cases', 'contact', studentId, '--channel', 'email', '--as', 'STF0003');
    expect(await claimedBy()).toMatchObject({ state: 'claimed' });
    await engage('cases', 'contact', studentId, '--channel', 'call', '--as', 'STF0002');
    expect(await claimedBy()).toMatchObject({ name: 'Sam Lee', state: 'claimed-and-contacted' });
    expect((await engage('cases', 'no-case')).out.text()).toContain('Sam Lee, contacted');
  });

  it('reports an unknown case and a bad channel, and prints outcomes without naming students', async () => {
    const missing = await engage('cases', 'show', 'no-such-case');
    expect(missing.code).toBe(1);
    expect(missing.out.stderr.join('\n')).toContain('no case with id "no-such-case"');
    expect((await engage('cases', 'contact', 'S0000001', '--channel', 'pigeon')).code).toBe(2);
    const outcomes = await engage('cases', 'outcomes', '--since', '2000-01-01');
    expect(outcomes.code).toBe(0);
    expect(outcomes.out.text()).toMatch(/case opened\s+\d+/);
    expect(outcomes.out.text()).toMatch(/first contact\s+\d+/);
    expect(outcomes.out.text()).not.toMatch(/S\d{7}/);
  });
});

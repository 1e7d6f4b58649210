/**
 * `engage audit`: who looked at whom, when and where, by student or by staff member (by email), since a
 * date; reading a student's trail is itself recorded; a wrong call or an unknown email is a clear error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import type { AuditTrailRow } from '../../src/governance/auditTrail.ts';
import { repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

describe('engage audit', () => {
  let dir: string;
  const engage = async (...args: string[]) => {
    const out = captureOutput();
    const code = await runCli([...args, '--data-dir', dir], out, {});
    return { code, out };
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage-audit-'));
    const store = await openEmbeddedStore({ dataDir: dir });
    await ensureCollections(store.db);
    const repos = repositories(store.db);
    await repos.institution.saveStaff([
      { id: 'STF1', name: 'Ada Tutor', email: 'ada@example.ac.uk', roles: ['tutor'], programmeIds: [] },
      { id: 'STF2', name: 'Ben Case', email: 'ben@example.ac.uk', roles: ['caseworker'], programmeIds: [] },
    ]);
    const view = (at: string, actor: string, studentId: string, where: string) =>
      repos.audit.record({ at: new Date(at), actor, studentId, action: 'view-student', where });
    await view('2026-09-10T09:00:00Z', 'STF1', 'S1', 'teams:19:abc');
    await view('2026-10-02T10:00:00Z', 'STF2', 'S1', 'slack:C42');
    await view('2026-10-03T11:00:00Z', 'STF1', 'S2', 'preview');
    await store.close();
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("lists a student's views, newest first, with who, when and where, and records the look", async () => {
    const result = await engage('audit', '--student', 'S1');
    expect(result.code).toBe(0);
    expect(result.out.stdout.slice(1, 3)).toEqual([
      expect.stringMatching(/^2026-10-02 10:00 +Ben Case \(STF2\) +S1 +view-student +slack:C42$/),
      expect.stringMatching(/^2026-09-10 09:00 +Ada Tutor \(STF1\) +S1 +view-student +teams:19:abc$/),
    ]);
    const again = (await engage('audit', '--student', 'S1', '--json')).out.parsedJson() as AuditTrailRow[];
    expect(again[0]).toMatchObject({ action: 'audit-trail', where: 'cli' });
  });

  it("lists a staff member's views by email, since a date", async () => {
    const rows = (
      await engage('audit', '--staff', 'ADA@example.ac.uk', '--since', '2026-10-01', '--json')
    ).out.parsedJson() as AuditTrailRow[];
    expect(rows.map((row) => [row.studentId, row.where])).toEqual([['S2', 'preview']]);
  });

  it('refuses a call without exactly one of --student and --staff, a bad date or an unknown email', async () => {
    expect((await engage('audit')).code).toBe(2);
    expect((await engage('audit', '--student', 'S1', '--staff', 'ada@example.ac.uk')).code).toBe(2);
    const date = await engage('audit', '--student', 'S1', '--since', 'last week');
    expect(date.code).toBe(2);
    expect(date.out.stderr.join('\n')).toContain(
      '--since must be a date such as 2026-09-01 (got "last week")',
    );
    const unknown = await engage('audit', '--staff', 'nobody@example.ac.uk');
    expect(unknown.code).toBe(2);
    expect(unknown.out.stderr.join('\n')).toContain('no staff member has the email "nobody@example.ac.uk"');
  });
});

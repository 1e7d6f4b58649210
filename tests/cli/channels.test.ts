/** `engage channels`: the linked channels with their digest size, and `digest-rows` setting one (1–50). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { seedSyntheticInstitution } from '../../src/demo/seedSyntheticInstitution.ts';
import { repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { planInstitution } from '../../src/synthetic/index.ts';
import { captureOutput } from '../helpers/captureOutput.ts';
import { withTempDir } from '../helpers/tempDir.ts';

describe('engage channels', () => {
  it('lists a linked channel at 8 rows a list, sets 12, and refuses 51, an unknown platform and an unlinked channel', async () => {
    await withTempDir(async (dir) => {
      const institution = planInstitution({ students: 20, weeks: 2, seed: 5 });
      const tutor = institution.staff.find((staff) => staff.roles.includes('tutor'))!;
      const store = await openEmbeddedStore({ dataDir: dir });
      try {
        await ensureCollections(store.db);
        const repos = repositories(store.db);
        await seedSyntheticInstitution(repos, institution);
        await repos.channelLinks.link({
          platform: 'slack',
          channelId: 'C0TUTEES',
          channelName: 'tutees',
          workspaceId: null,
          group: { kind: 'tutor', staffId: tutor.id },
          linkedBy: 'admin',
          linkedAt: new Date('2026-11-30T09:00:00Z'),
        });
      } finally {
        await store.close();
      }
      const engage = async (...args: string[]) => {
        const out = captureOutput();
        const code = await runCli(['channels', ...args, '--data-dir', dir], out, {});
        return { code, out };
      };

      const before = await engage();
      expect(before.code).toBe(0);
      expect(before.out.stdout).toEqual([`slack  C0TUTEES  tutees  tutees of ${tutor.name}  8 rows a list`]);

      const set = await engage('digest-rows', 'slack', 'C0TUTEES', '12');
      expect(set.code).toBe(0);
      expect(set.out.text()).toContain('now shows 12 rows a list');
      const after = await engage('--json');
      expect(after.out.parsedJson()).toEqual([
        expect.objectContaining({ channelId: 'C0TUTEES', digestRows: 12 }),
      ]);

      const tooMany = await engage('digest-rows', 'slack', 'C0TUTEES', '51');
      expect(tooMany.code).toBe(2);
      expect(tooMany.out.stderr.join('\n')).toContain(
        'Rows per list must be a whole number from 1 to 50 (got "51")',
      );
      const platform = await engage('digest-rows', 'irc', 'C0TUTEES', '5');
      expect(platform.code).toBe(2);
      expect(platform.out.stderr.join('\n')).toContain('teams, slack or preview');
      const unlinked = await engage('digest-rows', 'slack', 'C0ELSEWHERE', '5');
      expect(unlinked.code).toBe(1);
      expect(unlinked.out.stderr.join('\n')).toContain('is linked: "engage channels" lists the linked ones');
      expect((await engage('--json')).out.parsedJson()).toEqual([
        expect.objectContaining({ digestRows: 12 }),
      ]);
    });
  });
});

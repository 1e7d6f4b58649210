/** `engage student-view`: the settings shown, changed with a reason (who, when, why kept), and refused without one. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { seedSyntheticInstitution } from '../../src/demo/seedSyntheticInstitution.ts';
import { repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { planInstitution } from '../../src/synthetic/index.ts';
import { captureOutput } from '../helpers/captureOutput.ts';
import { withTempDir } from '../helpers/tempDir.ts';

describe('engage student-view', () => {
  it('shows the defaults, refuses a change without --why, records a change with who and why, and lists the history', async () => {
    await withTempDir(async (dir) => {
      const engage = async (...args: string[]) => {
        const out = captureOutput();
        const code = await runCli([...args, '--data-dir', dir], out, {});
        return { code, out };
      };
      const shown = await engage('student-view');
      expect(shown.code).toBe(0);
      expect(shown.out.stdout).toEqual([
        'Student view: off',
        'Numeric score shown to students: no (words and the chart only)',
        expect.stringMatching(/^Contact line: .*personal tutor/),
      ]);

      const noReason = await engage('student-view', 'on');
      expect(noReason.code).toBe(2);
      expect(noReason.out.stderr.join('\n')).toContain('--why "<reason>" is required');

      const on = await engage(
        'student-view',
        'on',
        '--why',
        'pilot approved by the DPO',
        '--by',
        'dpo@example.ac.uk',
      );
      expect(on.code).toBe(0);
      expect(on.out.text()).toContain('Changed by dpo@example.ac.uk (pilot approved by the DPO)');
      expect(on.out.text()).toContain('Student view: on');

      const contact = await engage(
        'student-view',
        'contact',
        'Email wellbeing@example.ac.uk',
        '--why',
        'new team',
        '--json',
      );
      expect(contact.code).toBe(0);
      expect(contact.out.parsedJson()).toMatchObject({
        change: {
          why: 'new team',
          changes: [{ field: 'contactLine', after: 'Email wellbeing@example.ac.uk' }],
        },
        settings: { enabled: true, showScore: false, contactLine: 'Email wellbeing@example.ac.uk' },
      });

      const again = await engage('student-view', 'on', '--why', 'twice');
      expect(again.code).toBe(2);
      expect(again.out.stderr.join('\n')).toContain(
        'the change leaves the student view settings as they are',
      );

      const history = await engage('student-view', 'history');
      expect(history.code).toBe(0);
      expect(history.out.stdout).toHaveLength(2);
      expect(history.out.stdout[1]).toContain(
        'dpo@example.ac.uk  student view false → true  (pilot approved by the DPO)',
      );

      const nonsense = await engage('student-view', 'sideways', '--why', 'x');
      expect(nonsense.code).toBe(2);
    });
  });

  it('`engage student <id>` shows the student’s current context notes, not ended ones', async () => {
    await withTempDir(async (dir) => {
      const institution = planInstitution({ students: 20, weeks: 2, seed: 5 });
      const store = await openEmbeddedStore({ dataDir: dir });
      const student = institution.students[0]!;
      try {
        await ensureCollections(store.db);
        const repos = repositories(store.db);
        await seedSyntheticInstitution(repos, institution);
        const addedAt = new Date(Date.now() - 86_400_000);
        await repos.contextNotes.add({
          studentId: student.id,
          text: 'Caring for a parent',
          addedAt,
          until: null,
        });
        await repos.contextNotes.add({ studentId: student.id, text: 'Flu', addedAt, until: '2020-01-10' });
      } finally {
        await store.close();
      }
      const out = captureOutput();
      expect(await runCli(['student', student.id, '--data-dir', dir], out, {})).toBe(0);
      expect(out.text()).toMatch(
        /^Context note from the student \(added \d{4}-\d{2}-\d{2}\): Caring for a parent$/m,
      );
      expect(out.text()).not.toContain('Flu');
    });
  });
});

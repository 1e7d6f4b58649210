// The exemptions repository on both stores (the embedded store always, MongoDB when MONGODB_URI is set):
// an exemption applies from its first day through its last (inclusive), a digest built in the seven days
// after the last day sees the student as returning (unless exempt again), the list shows current ones or
// every one, and ending one early moves its last day to the day before and cannot be done twice.
import { describe, expect, it } from 'vitest';
import { repositoryStores } from '../helpers/repositoryStores.ts';
import { exemptionRepository } from '../../src/repositories/exemptions.ts';

const stores = repositoryStores('exemptions');

const SET_AT = new Date('2026-12-01T10:32:00Z');
const entry = (studentId: string, from: string, until: string) => ({
  studentId,
  category: 'illness' as const,
  note: 'Off sick',
  from,
  until,
  setBy: 'STF0001',
  setAt: SET_AT,
});

for (const [name, open] of stores) {
  describe.skipIf(open === null)(`exemptions (${name})`, () => {
    it('applies through the last day, marks returning for a week after, lists and ends early once', async () => {
      const { store, dispose } = await open!();
      try {
        const exemptions = exemptionRepository(store.db);
        const first = await exemptions.add(entry('S1', '2026-12-01', '2026-12-10'));
        await exemptions.add(entry('S2', '2026-12-01', '2026-12-03'));
        await exemptions.add(entry('S2', '2026-12-08', '2026-12-20'));
        expect(first).toMatchObject({ lastDay: '2026-12-10', endedEarly: null });

        expect(await exemptions.currentFor('S1', '2026-11-30')).toBeNull();
        expect(await exemptions.currentFor('S1', '2026-12-01')).toMatchObject({ id: first.id });
        expect(await exemptions.currentFor('S1', '2026-12-10')).toMatchObject({ id: first.id });
        expect(await exemptions.currentFor('S1', '2026-12-11')).toBeNull();
        expect([...(await exemptions.exemptOn('2026-12-02')).keys()].sort()).toEqual(['S1', 'S2']);
        expect([...(await exemptions.exemptOn('2026-12-05')).keys()]).toEqual(['S1']);

        // S2 is back between exemptions; S1 the day after theirs, and for seven days.
        expect([...(await exemptions.returningOn('2026-12-04')).keys()]).toEqual(['S2']);
        expect([...(await exemptions.returningOn('2026-12-08')).keys()]).toEqual([]);
        expect([...(await exemptions.returningOn('2026-12-11')).keys()]).toEqual(['S1']);
        expect(await exemptions.returningOn('2026-12-17')).toHaveProperty('size', 1);
        expect(await exemptions.returningOn('2026-12-18')).toHaveProperty('size', 0);

        expect((await exemptions.list('2026-12-05')).map((e) => [e.studentId, e.lastDay])).toEqual([
          ['S1', '2026-12-10'],
          ['S2', '2026-12-20'],
        ]);
        expect(await exemptions.list('2026-12-05', { ended: true })).toHaveLength(3);

        const endedAt = new Date('2026-12-05T09:00:00Z');
        expect(await exemptions.endEarly(first.id, 'STF0009', endedAt, '2026-12-05')).toMatchObject({
          until: '2026-12-10',
          lastDay: '2026-12-04',
          endedEarly: { by: 'STF0009', at: endedAt },
        });
        expect(await exemptions.currentFor('S1', '2026-12-05')).toBeNull();
        expect([...(await exemptions.returningOn('2026-12-05')).keys()].sort()).toEqual(['S1', 'S2']);
        expect(await exemptions.endEarly(first.id, 'STF0009', endedAt, '2026-12-05')).toBeNull();
      } finally {
        await store.close();
        await dispose();
      }
    });
  });
}

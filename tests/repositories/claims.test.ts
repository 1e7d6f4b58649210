// The claims repository on both stores (the embedded store always, MongoDB when MONGODB_URI is set): of
// many simultaneous claims on one student exactly one wins and the others are told who holds it; a release,
// a contact by the claimant and the lapse after its expiry each end the claim and free the student, with
// the history kept; the digest's read says claimed, claimed-and-contacted or lapsed per student.
import { describe, expect, it } from 'vitest';
import { claimRepository } from '../../src/repositories/claims.ts';
import { repositoryStores } from '../helpers/repositoryStores.ts';

const DAY = 86_400_000;
const MONDAY = new Date('2026-11-30T09:12:00Z');
const at = (days: number) => new Date(MONDAY.getTime() + days * DAY);
const STUDENT = 'S1000001';
const SAM = { claimantId: 'T0001', claimantName: 'Sam Lee' };
const ALEX = { claimantId: 'T0002', claimantName: 'Alex Kim' };
const claimOn = (who: typeof SAM, when: Date, studentId = STUDENT) => ({
  studentId,
  ...who,
  at: when,
  expiresAt: new Date(when.getTime() + 7 * DAY),
});

for (const [name, open] of repositoryStores('claims')) {
  describe.skipIf(open === null)(`claims (${name})`, () => {
    async function withClaims(run: (claims: ReturnType<typeof claimRepository>) => Promise<void>) {
      const { store, dispose } = await open!();
      try {
        await run(claimRepository(store.db));
      } finally {
        await store.close();
        await dispose();
      }
    }

    it('lets exactly one of twelve simultaneous claims on a student win; the rest are told who holds it', async () => {
      await withClaims(async (claims) => {
        const claimants = Array.from({ length: 12 }, (_, i) => ({
          claimantId: `T${String(i).padStart(4, '0')}`,
          claimantName: `Tutor ${i}`,
        }));
        const outcomes = await Promise.all(claimants.map((who) => claims.claim(claimOn(who, MONDAY))));
        const winners = outcomes.filter((outcome) => outcome.won);
        expect(winners).toHaveLength(1);
        const winner = winners[0]!.won ? winners[0]!.claim : null;
        for (const outcome of outcomes.filter((o) => !o.won)) {
          expect(outcome).toMatchObject({ won: false, holder: { claimantId: winner?.claimantId } });
        }
        expect((await claims.activeFor(STUDENT, MONDAY))?.claimantId).toBe(winner?.claimantId);
      });
    });

    it('keeps the claim with its holder until released; only the claimant can release it', async () => {
      await withClaims(async (claims) => {
        expect(await claims.claim(claimOn(SAM, MONDAY))).toMatchObject({ won: true });
        expect(await claims.claim(claimOn(ALEX, at(1)))).toMatchObject({
          won: false,
          holder: { claimantName: 'Sam Lee', at: MONDAY },
        });
        // Sam claiming again keeps the first claim.
        expect(await claims.claim(claimOn(SAM, at(1)))).toMatchObject({ won: true, claim: { at: MONDAY } });
        expect(await claims.release(STUDENT, ALEX.claimantId, at(1))).toMatchObject({
          holder: { claimantId: SAM.claimantId },
        });
        expect(await claims.release(STUDENT, SAM.claimantId, at(2))).toMatchObject({
          released: { status: 'released', endedAt: at(2), endedBy: SAM.claimantId },
        });
        expect(await claims.release(STUDENT, SAM.claimantId, at(2))).toBeNull();
        expect(await claims.claim(claimOn(ALEX, at(2)))).toMatchObject({ won: true });
        expect((await claims.claimsAt([STUDENT], at(2), 7 * DAY)).get(STUDENT)).toMatchObject({
          state: 'claimed',
          claimantName: 'Alex Kim',
          since: at(2),
        });
      });
    });

    it("closes a claim on its claimant's contact only, and says claimed-and-contacted until its week is over", async () => {
      await withClaims(async (claims) => {
        await claims.claim(claimOn(SAM, MONDAY));
        expect(await claims.closeByContact(STUDENT, ALEX.claimantId, at(1))).toBeNull();
        expect(await claims.closeByContact(STUDENT, SAM.claimantId, at(2))).toMatchObject({
          status: 'contacted',
          endedAt: at(2),
        });
        expect((await claims.claimsAt([STUDENT], at(3), 7 * DAY)).get(STUDENT)).toMatchObject({
          state: 'claimed-and-contacted',
          claimantName: 'Sam Lee',
          endedAt: at(2),
        });
        expect((await claims.claimsAt([STUDENT], at(8), 7 * DAY)).has(STUDENT)).toBe(false);
        expect(await claims.activeFor(STUDENT, at(3))).toBeNull();
      });
    });

    it('lapses a claim at its expiry: the student is free again, the lapse is said for a week and recorded', async () => {
      await withClaims(async (claims) => {
        await claims.claim(claimOn(SAM, MONDAY));
        const justBefore = new Date(at(7).getTime() - 1);
        expect((await claims.claimsAt(null, justBefore, 7 * DAY)).get(STUDENT)?.state).toBe('claimed');
        expect((await claims.claimsAt(null, at(7), 7 * DAY)).get(STUDENT)).toMatchObject({
          state: 'lapsed',
          claimantName: 'Sam Lee',
          endedAt: at(7),
        });
        expect(await claims.closeByContact(STUDENT, SAM.claimantId, at(7))).toBeNull();
        expect((await claims.claimsAt(null, at(14), 7 * DAY)).has(STUDENT)).toBe(false);
        expect(await claims.claim(claimOn(ALEX, at(8)))).toMatchObject({ won: true });
        expect((await claims.claimsAt([STUDENT], at(8), 7 * DAY)).get(STUDENT)).toMatchObject({
          state: 'claimed',
          claimantName: 'Alex Kim',
        });
      });
    });

    it('reads the states of many students at once, and only of those asked for', async () => {
      await withClaims(async (claims) => {
        await claims.claim(claimOn(SAM, MONDAY, 'S1'));
        await claims.claim(claimOn(ALEX, MONDAY, 'S2'));
        await claims.claim(claimOn(ALEX, MONDAY, 'S3'));
        await claims.release('S3', ALEX.claimantId, at(1));
        const states = await claims.claimsAt(['S1', 'S3', 'S4'], at(1), 7 * DAY);
        expect([...states.keys()]).toEqual(['S1']);
        expect([...(await claims.claimsAt(null, at(1), 7 * DAY)).keys()].sort()).toEqual(['S1', 'S2']);
      });
    });
  });
}

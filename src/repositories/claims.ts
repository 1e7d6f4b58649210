/**
 * Claims on students ("I'll contact"): a staff member saying they are contacting a student, so the rest of
 * the channel need not. A claim is institution-wide and ends when its claimant releases it, when they log
 * a contact with the student ("contacted"), or when it reaches `expiresAt` without one ("lapsed", read
 * from `now`: a claim past its expiry is lapsed whether or not the store has recorded it yet). Every claim
 * is kept with how it ended. At most one active claim per student: the unique `openKey` (the student id
 * while active, the claim's id once ended) makes the second of two simultaneous claims fail in the store.
 */
import { randomUUID } from 'node:crypto';
import { COLLECTIONS } from '../store/collections.ts';
import { isDuplicateKeyError, type DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export type ClaimStatus = 'active' | 'released' | 'contacted' | 'lapsed';

export interface Claim {
  id: string;
  studentId: string;
  /** Staff id and name of who claimed. */
  claimantId: string;
  claimantName: string;
  at: Date;
  /** When the claim lapses if its claimant has not contacted the student by then. */
  expiresAt: Date;
  status: ClaimStatus;
  /** When it ended (released, contacted, or its expiry when lapsed); null while active. */
  endedAt: Date | null;
  /** Staff id of who ended it (the claimant), or null when it lapsed or is active. */
  endedBy: string | null;
}

type ClaimDocument = Claim & { openKey: string };

/**
 * What the digest needs to know of a student's latest claim at `now`: `claimed` (active),
 * `claimed-and-contacted` (its claimant logged a contact and the claim's week is not over), or `lapsed`
 * (it expired without a contact within the notice window).
 */
export interface ClaimState {
  state: 'claimed' | 'claimed-and-contacted' | 'lapsed';
  claimantId: string;
  claimantName: string;
  since: Date;
  /** When it ended: the contact or the lapse; null while claimed. */
  endedAt: Date | null;
}

export type ClaimOutcome = { won: true; claim: Claim } | { won: false; holder: Claim };

const CLAIM_FIELDS = { ...WITHOUT_ID, openKey: 0 } as const;
/** Tries to claim again after a duplicate key whose holder ended before it could be read. */
const CLAIM_ATTEMPTS = 3;

function fromDocument(document: ClaimDocument): Claim {
  const { openKey: _openKey, ...claim } = document;
  return claim;
}

/** A stored-active claim past its expiry at `now` reads as lapsed. */
function effectiveStatus(claim: Claim, now: Date): ClaimStatus {
  return claim.status === 'active' && claim.expiresAt.getTime() <= now.getTime() ? 'lapsed' : claim.status;
}

export function claimRepository(db: DocumentDb) {
  const claims = db.collection<ClaimDocument>(COLLECTIONS.claims.name);

  /** Records as lapsed the student's active claims that expired by `now`, freeing the student. */
  async function recordLapsed(studentId: string, now: Date): Promise<void> {
    const expired = await claims
      .find({ openKey: studentId, expiresAt: { $lte: now } }, { projection: CLAIM_FIELDS })
      .toArray();
    for (const claim of expired) {
      await claims.updateOne(
        { id: claim.id, status: 'active' },
        { $set: { status: 'lapsed', endedAt: claim.expiresAt, openKey: claim.id } },
      );
    }
  }

  /** The student's active claim at `now` (not past its expiry), or null. */
  async function activeFor(studentId: string, now: Date): Promise<Claim | null> {
    const document = await claims.findOne(
      { openKey: studentId, expiresAt: { $gt: now } },
      { projection: CLAIM_FIELDS },
    );
    return document ? fromDocument(document as ClaimDocument) : null;
  }

  /** Ends the active claim `claim` with a status; false when it had already ended. */
  async function end(claim: Claim, status: 'released' | 'contacted', by: string, at: Date) {
    const result = await claims.updateOne(
      { id: claim.id, status: 'active' },
      { $set: { status, endedAt: at, endedBy: by, openKey: claim.id } },
    );
    return result.modifiedCount === 1;
  }

  return {
    activeFor,
    /**
     * Claims the student for the claimant unless someone holds an active claim: then `holder` says who.
     * Safe under concurrency: of simultaneous claims exactly one is inserted. Claiming a student one
     * already holds answers with that claim.
     */
    async claim(entry: {
      studentId: string;
      claimantId: string;
      claimantName: string;
      at: Date;
      expiresAt: Date;
    }): Promise<ClaimOutcome> {
      await recordLapsed(entry.studentId, entry.at);
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
        const claim: Claim = { id: randomUUID(), ...entry, status: 'active', endedAt: null, endedBy: null };
        try {
          await claims.insertOne({ ...claim, openKey: claim.studentId });
          return { won: true, claim };
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
        const holder = await activeFor(entry.studentId, entry.at);
        if (holder) {
          return holder.claimantId === entry.claimantId
            ? { won: true, claim: holder }
            : { won: false, holder };
        }
      }
      throw new Error(`claim: student ${entry.studentId} stayed claimed without a readable holder`);
    },
    /**
     * Releases the claimant's active claim on the student: the released claim, or `holder` when someone
     * else holds it, or null when nobody does.
     */
    async release(
      studentId: string,
      claimantId: string,
      now: Date,
    ): Promise<{ released: Claim } | { holder: Claim } | null> {
      const claim = await activeFor(studentId, now);
      if (!claim) return null;
      if (claim.claimantId !== claimantId) return { holder: claim };
      if (!(await end(claim, 'released', claimantId, now))) return null;
      return { released: { ...claim, status: 'released', endedAt: now, endedBy: claimantId } };
    },
    /** A contact logged by the claimant closes their active claim ("contacted"); the closed claim or null. */
    async closeByContact(studentId: string, staffId: string, now: Date): Promise<Claim | null> {
      const claim = await activeFor(studentId, now);
      if (!claim || claim.claimantId !== staffId) return null;
      if (!(await end(claim, 'contacted', staffId, now))) return null;
      return { ...claim, status: 'contacted', endedAt: now, endedBy: staffId };
    },
    /**
     * The latest claim of each student (of `studentIds`, or everyone) that still says something at `now`:
     * active ones as `claimed`; one closed by its claimant's contact as `claimed-and-contacted` until it
     * would have expired; one that lapsed as `lapsed` for `lapsedNoticeMs` after its expiry. One read.
     */
    async claimsAt(
      studentIds: readonly string[] | null,
      now: Date,
      lapsedNoticeMs: number,
    ): Promise<Map<string, ClaimState>> {
      const noticeSince = new Date(now.getTime() - lapsedNoticeMs);
      const rows = await claims
        .find(
          {
            ...(studentIds ? { studentId: { $in: [...studentIds] } } : {}),
            expiresAt: { $gt: noticeSince },
          },
          { projection: CLAIM_FIELDS, sort: { at: 1 } },
        )
        .toArray();
      const latest = new Map<string, Claim>();
      for (const row of rows) latest.set(row.studentId, fromDocument(row as ClaimDocument));
      const states = new Map<string, ClaimState>();
      for (const [studentId, claim] of latest) {
        const state = stateAt(claim, now);
        if (state) states.set(studentId, state);
      }
      return states;
    },
  };
}

function stateAt(claim: Claim, now: Date): ClaimState | null {
  const base = { claimantId: claim.claimantId, claimantName: claim.claimantName, since: claim.at };
  switch (effectiveStatus(claim, now)) {
    case 'active':
      return { state: 'claimed', ...base, endedAt: null };
    case 'contacted':
      return claim.expiresAt > now
        ? { state: 'claimed-and-contacted', ...base, endedAt: claim.endedAt }
        : null;
    case 'lapsed':
      return { state: 'lapsed', ...base, endedAt: claim.expiresAt };
    case 'released':
      return null;
  }
}

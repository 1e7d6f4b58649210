/**
 * Job locks that hold on a store whose findOneAndUpdate is not atomic. FerretDB v1 runs it as a query then
 * an update by _id, so two processes polling at once could both lock one job and both run it. Agenda's two
 * lock calls (a findOneAndUpdate that sets only lockedAt and lastModifiedBy) become: read the candidate,
 * claim that state of it by inserting `<job id>:<lockClaim>` into `agendaJobClaims` (an _id is unique on
 * every store, so exactly one insert wins), then write the lock with lockClaim + 1. A process that read the
 * job before another claimed it finds its claim taken and leaves the job. Every other call passes through.
 * Claims older than a day are purged; no process holds a read of a job that long.
 */
import {
  isDuplicateKeyError,
  type Document,
  type DocumentDb,
  type StoreCollection,
} from '../src/store/types.ts';
import { JOB_COLLECTION as JOBS } from './collection.ts';

export const JOB_CLAIMS = 'agendaJobClaims';
const CLAIM_KEPT_MS = 24 * 3_600_000;
/** Candidates tried per lock call when other processes win the claims; the next poll tries again. */
const ATTEMPTS = 3;

type FindOneAndUpdate = StoreCollection['findOneAndUpdate'];

/** `db` with Agenda's lock calls on its job collection made compare-and-set. */
export function withClaimedLocks(db: DocumentDb): DocumentDb {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'collection') {
        return (name: string) => {
          const collection = target.collection(name);
          return name === JOBS ? claimingLocks(collection, target.collection(JOB_CLAIMS)) : collection;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function claimingLocks(jobs: StoreCollection, claims: StoreCollection): StoreCollection {
  const findOneAndUpdate: FindOneAndUpdate = async (filter, update, options) => {
    if (!isLockUpdate(update) || options?.upsert) return jobs.findOneAndUpdate(filter, update, options);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const candidate = await jobs.findOne(filter, options?.sort ? { sort: options.sort } : {});
      if (!candidate) return null;
      const claim = typeof candidate.lockClaim === 'number' ? candidate.lockClaim : 0;
      const at = new Date();
      try {
        await claims.insertOne({ _id: `${String(candidate._id)}:${claim}`, at });
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      await jobs.updateOne({ _id: candidate._id }, { $set: { ...update.$set, lockClaim: claim + 1 } });
      await claims.deleteMany({ at: { $lt: new Date(at.getTime() - CLAIM_KEPT_MS) } });
      return options?.returnDocument === 'after' ? jobs.findOne({ _id: candidate._id }) : candidate;
    }
    return null;
  };
  return new Proxy(jobs, {
    get(target, property) {
      if (property === 'findOneAndUpdate') return findOneAndUpdate;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Agenda's lock: `{ $set: { lockedAt: <Date>, lastModifiedBy } }` and nothing else. */
function isLockUpdate(update: Document | Document[]): update is { $set: Document } {
  if (Array.isArray(update) || Object.keys(update).join() !== '$set') return false;
  const set = update.$set as Document;
  return set.lockedAt instanceof Date && Object.keys(set).sort().join() === 'lastModifiedBy,lockedAt';
}

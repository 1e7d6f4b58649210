/**
 * Inbound chat deliveries already taken: platforms redeliver an activity or interaction when our answer is
 * slow or lost, and each must be acted on once. The first delivery claims its key; a redelivery finds the
 * claim and gets the first answer back (an invoke's response) instead of acting again. Claims expire an
 * hour after receipt (the TTL index in collections.ts), long past any platform's retry window.
 */
import { COLLECTIONS } from '../store/collections.ts';
import { isDuplicateKeyError, type DocumentDb } from '../store/types.ts';

/** The HTTP answer given to the first delivery, replayed to redeliveries. */
export interface StoredAnswer {
  status: number;
  body?: unknown;
}

export interface InboundDelivery {
  key: string;
  receivedAt: Date;
  answer: StoredAnswer | null;
}

export type Claim = { first: true } | { first: false; answer: StoredAnswer | null };

export function inboundDedupeRepository(db: DocumentDb) {
  const deliveries = db.collection<InboundDelivery>(COLLECTIONS.inboundDeliveries.name);
  return {
    /** Claims the key; `first: false` with the stored answer (null while the first is still running). */
    async claim(key: string, at: Date): Promise<Claim> {
      try {
        await deliveries.insertOne({ key, receivedAt: at, answer: null });
        return { first: true };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const existing = await deliveries.findOne({ key }, { projection: { _id: 0, answer: 1 } });
        return { first: false, answer: existing?.answer ?? null };
      }
    },
    /** Keeps the answer given to the first delivery for redeliveries. */
    async answered(key: string, answer: StoredAnswer): Promise<void> {
      await deliveries.updateOne({ key }, { $set: { answer } });
    },
    /** Gives the key up after a failure, so the platform's redelivery is acted on. */
    async release(key: string): Promise<void> {
      await deliveries.deleteOne({ key });
    },
  };
}

export type InboundDedupeRepository = ReturnType<typeof inboundDedupeRepository>;

/**
 * Opens a MongoDB-backed store with the official driver. The driver's own `Db` is handed out: its
 * collections satisfy the project's `StoreCollection` contract, which the type assertion below has tsc
 * check for a concrete document type.
 */
import { MongoClient, type Collection, type Db } from 'mongodb';
import type { Document, DocumentDb, Store, StoreCollection } from '../../../src/store/types.ts';
import type { StoreLogger } from '../embedded/logger.ts';

type Assert<T extends true> = T;
/** Compile-time checks that the driver's Db and collections satisfy the store contract for Document. */
export type DriverFits = Assert<
  Collection<Document> extends StoreCollection<Document>
    ? Db extends { collection(name: string): StoreCollection<Document> }
      ? true
      : false
    : false
>;

export interface MongoStoreOptions {
  uri: string;
  logger?: StoreLogger;
}

/** The database named in the URI's path, or `engage` when it names none. */
export function databaseNameFromUri(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri);
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  return name || 'engage';
}

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const client = new MongoClient(options.uri);
  await client.connect();
  const driverDb = client.db(databaseNameFromUri(options.uri));
  // The one cast: tsc cannot relate the generic `collection<T>()` for every T, because the driver's
  // `insertOne(OptionalUnlessRequiredId<T>)` is a conditional type; `DriverFits` checks it for Document.
  const db = driverDb as unknown as DocumentDb;
  let reportedDown = false;
  client.on('serverHeartbeatFailed', (event) => {
    if (reportedDown) return;
    reportedDown = true;
    options.logger?.warn(
      { server: event.connectionId, error: String(event.failure) },
      'MongoDB heartbeat failed',
    );
  });
  client.on('serverHeartbeatSucceeded', () => (reportedDown = false));
  return {
    kind: 'mongodb',
    db,
    async ping() {
      await driverDb.command({ ping: 1 });
    },
    close: () => client.close(),
  };
}

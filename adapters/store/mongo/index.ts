/**
 * Opens a MongoDB-backed store with the official driver. The driver's own `Db` is handed out: its
 * collections satisfy the project's `StoreCollection` contract, which the type assertion below has tsc
 * check for a concrete document type. The first connection gives up after FIRST_CONNECT_TIMEOUT_MS with an
 * error naming MONGODB_URI; no message from here carries the URI's password.
 */
import { MongoClient, type Collection, type Db } from 'mongodb';
import { redactCredentials, redactValue } from '../../../src/config/redact.ts';
import type { Document, DocumentDb, Store, StoreCollection } from '../../../src/store/types.ts';
import type { StoreLogger } from '../embedded/logger.ts';

type Assert<T extends true> = T;
/** Compile-time checks that the driver's Db and collections satisfy the store contract for Document. */
type _DriverFits = Assert<
  Collection<Document> extends StoreCollection<Document>
    ? Db extends { collection(name: string): StoreCollection<Document> }
      ? true
      : false
    : false
>;

export interface MongoStoreOptions {
  uri: string;
  logger?: StoreLogger;
  /** How long the first connection may take; FIRST_CONNECT_TIMEOUT_MS unless given. */
  firstConnectTimeoutMs?: number;
}

/**
 * The driver waits 30 s (serverSelectionTimeoutMS) for a server before failing; at start-up an unreachable
 * or misspelt host should fail fast. Later operations keep the driver's longer wait, which rides out a
 * replica-set election.
 */
export const FIRST_CONNECT_TIMEOUT_MS = 5_000;

/** The database named in the URI's path, or `engage` when it names none. */
export function databaseNameFromUri(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri);
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  return name || 'engage';
}

/** An error about the store configured by MONGODB_URI, its password (in the URI or the reason) hidden. */
function uriError(uri: string, problem: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Error(redactCredentials(`MONGODB_URI (${redactValue(uri)}): ${problem}: ${reason}`));
}

async function connectFirst(uri: string, timeoutMs: number): Promise<MongoClient> {
  let client: MongoClient;
  try {
    client = new MongoClient(uri);
  } catch (error) {
    throw uriError(uri, 'not a usable connection string', error);
  }
  // The driver's own reason (refused, unknown host, bad credentials) as the monitor last saw it.
  let lastFailure: unknown = 'no answer';
  const onFailure = (event: { failure: unknown }) => (lastFailure = event.failure);
  client.on('serverHeartbeatFailed', onFailure);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
  });
  try {
    await Promise.race([client.connect(), timedOut]);
  } catch (error) {
    await client.close().catch(() => undefined);
    const reason = error instanceof Error && error.message === 'timed out' ? lastFailure : error;
    throw uriError(uri, `no server answered within ${timeoutMs / 1000} s`, reason);
  } finally {
    clearTimeout(timer);
    client.off('serverHeartbeatFailed', onFailure);
  }
  return client;
}

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const timeoutMs = options.firstConnectTimeoutMs ?? FIRST_CONNECT_TIMEOUT_MS;
  const client = await connectFirst(options.uri, timeoutMs);
  const driverDb = client.db(databaseNameFromUri(options.uri));
  // The one cast: tsc cannot relate the generic `collection<T>()` for every T, because the driver's
  // `insertOne(OptionalUnlessRequiredId<T>)` is a conditional type; `_DriverFits` checks it for Document.
  const db = driverDb as unknown as DocumentDb;
  let reportedDown = false;
  client.on('serverHeartbeatFailed', (event) => {
    if (reportedDown) return;
    reportedDown = true;
    options.logger?.warn(
      { server: event.connectionId, error: redactCredentials(String(event.failure)) },
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

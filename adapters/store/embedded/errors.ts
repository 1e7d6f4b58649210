/**
 * Errors shaped like the MongoDB server's and driver's, so callers can handle both stores alike: a
 * `MongoServerError`-named error with the server's numeric `code` (11000 for duplicate keys), and a
 * `MongoBulkWriteError`-named one for multi-document writes that stopped part-way.
 */
import { BSON } from './bson.ts';
import type { Document } from '../../../src/store/types.ts';
import { EMPTY_ARRAY, MISSING, isObjectId } from './keys.ts';

export class EmbeddedServerError extends Error {
  override readonly name = 'MongoServerError';

  constructor(
    message: string,
    readonly code: number,
    readonly codeName: string,
    extra: Document = {},
  ) {
    super(message);
    Object.assign(this, extra);
  }
}

/** Server error 11000, with the server's message format and its `keyPattern`/`keyValue` fields. */
export function duplicateKeyError(
  namespace: string,
  indexName: string,
  keyPattern: Record<string, 1 | -1>,
  keyValue: Document,
): EmbeddedServerError {
  const shown = Object.entries(keyValue)
    .map(([field, value]) => `${field}: ${formatKeyValue(value)}`)
    .join(', ');
  return new EmbeddedServerError(
    `E11000 duplicate key error collection: ${namespace} index: ${indexName} dup key: { ${shown} }`,
    11000,
    'DuplicateKey',
    { keyPattern, keyValue },
  );
}

export interface WriteError {
  index: number;
  code: number;
  errmsg: string;
}

/** A multi-document write (insertMany, bulkWrite) that failed on some operations; earlier ones stand. */
export class EmbeddedBulkWriteError extends Error {
  override readonly name = 'MongoBulkWriteError';
  readonly code: number;

  constructor(
    readonly writeErrors: WriteError[],
    readonly result: Document,
  ) {
    const first = writeErrors[0];
    super(first ? first.errmsg : 'bulk write failed');
    this.code = first ? first.code : 8;
  }
}

/** Turns a failed operation into the entry a bulk error lists; non-server errors are rethrown as-is. */
export function toWriteError(error: unknown, index: number): WriteError {
  if (error instanceof EmbeddedServerError) return { index, code: error.code, errmsg: error.message };
  throw error;
}

/** How the server prints a key value inside an E11000 message. */
function formatKeyValue(value: unknown): string {
  if (value === null || value === undefined || value === MISSING) return 'null';
  if (value === EMPTY_ARRAY) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (isObjectId(value)) return `ObjectId('${value.toHexString()}')`;
  return BSON.EJSON.stringify(value, { relaxed: true });
}

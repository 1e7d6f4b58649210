/**
 * The BSON library the embedded store encodes with, without loading the MongoDB driver (which a command
 * on the embedded store never needs, and which costs a command's start-up a few hundred milliseconds).
 * It is required as CommonJS, as the driver requires it, so that the ObjectIds, Binaries and other BSON
 * values the store makes are the same classes as the driver's and the application's: `bson` publishes a
 * separate ES-module build whose classes would fail `instanceof` against the driver's.
 */
import { createRequire } from 'node:module';

const bson = createRequire(import.meta.url)('bson') as typeof import('bson');

export const { BSON, ObjectId } = bson;

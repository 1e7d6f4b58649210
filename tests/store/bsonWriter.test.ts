// The embedded store's BSON encoder: byte-for-byte what js-bson writes (or the same error) for random
// documents, including the values it hands over to js-bson.
import fc from 'fast-check';
import { BSON, Binary, Decimal128, Long, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { BsonWriter } from '../../adapters/store/embedded/bsonWriter.ts';
import { decodeOps, encodeOps } from '../../adapters/store/embedded/codec.ts';
import type { Document } from '../../src/store/types.ts';

/** Strings weighted towards the encodings' edges: ASCII, NUL, two- and three-byte UTF-8, lone surrogates. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x7ff }).map((code) => String.fromCharCode(code)) }),
  fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((code) => String.fromCharCode(code)) }),
);
const leaf = fc.oneof(
  text,
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, NaN, Infinity, -Infinity),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.date({ noInvalidDate: false }),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((bytes) => new ObjectId(bytes)),
  fc.uint8Array({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => new Binary(bytes)),
);
/** Values the encoder leaves to js-bson. */
const foreign = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom<unknown>(/a+/gi, Long.fromNumber(7), Decimal128.fromString('1.5')),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => new Binary(bytes, Binary.SUBTYPE_UUID_OLD)),
  fc.constant({ toBSON: () => ({ replaced: true }) }),
  fc.constant({ _bsontype: 'Unknown' }),
);
const documentArb = (values: fc.Arbitrary<unknown>) =>
  fc.object({ key: text, values: [values], maxDepth: 3 });

function encodeBoth(doc: Document): [Buffer | string, Buffer | string] {
  const writer = new BsonWriter(16);
  const attempt = (encode: () => Buffer): Buffer | string => {
    try {
      return encode();
    } catch (error) {
      return String(error);
    }
  };
  return [
    attempt(() => {
      writer.append(doc);
      return writer.take();
    }),
    attempt(() => Buffer.from(BSON.serialize(doc, { ignoreUndefined: false }))),
  ];
}

describe('BsonWriter', () => {
  it('writes exactly what js-bson writes for the values stored documents hold', () => {
    fc.assert(
      fc.property(documentArb(leaf), (doc) => {
        const [ours, theirs] = encodeBoth(doc);
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
  });

  it('hands anything else to js-bson, with the same result or the same error', () => {
    fc.assert(
      fc.property(documentArb(fc.oneof(leaf, foreign)), (doc) => {
        const [ours, theirs] = encodeBoth(doc);
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps documents apart across many appends and a growing buffer', () => {
    const docs = Array.from({ length: 2_000 }, (_, i) => ({
      _id: new ObjectId(),
      i,
      text: 'x'.repeat(i % 300),
    }));
    const ops = docs.map((doc) => ({ kind: 'put' as const, collection: 'c', doc }));
    expect(decodeOps(encodeOps(ops))).toEqual(ops);
  });
});

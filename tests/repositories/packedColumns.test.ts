// Packed number columns read back bit for bit, alone or one after another, from either store's form
// (a Node Buffer or a BSON Binary), in whichever form they were written (float64 bytes, or the narrower
// u8, u16 and f32 forms), and a column cut mid-value is refused.
import fc from 'fast-check';
import { Binary } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  packColumn,
  packFloats,
  unpackColumn,
  unpackConcatenated,
  type PackedColumn,
} from '../../src/repositories/packedColumns.ts';

/** A packed column as MongoDB hands it back: every byte string a BSON Binary. */
function asMongoReturnsIt(column: PackedColumn): unknown {
  if (column instanceof Uint8Array) return new Binary(column);
  const [form, bytes] = Object.entries(column)[0] as [string, Uint8Array];
  return { [form]: new Binary(bytes) };
}

/** Bytes the stored column takes. */
function storedBytes(column: PackedColumn): number {
  return column instanceof Uint8Array
    ? column.byteLength
    : (Object.values(column)[0] as Uint8Array).byteLength;
}

const same = (read: Float64Array, written: readonly number[]) =>
  expect(Array.from(read, (value, i) => Object.is(value, written[i]))).toEqual(written.map(() => true));

describe('packed number columns', () => {
  it('read back each value bit for bit, nulls as NaN, alone or concatenated', () => {
    const first = [1.5, null, -0, 2 ** 53, Number.MIN_VALUE];
    const second = [undefined, 7, 0.1 + 0.2];
    expect(Array.from(unpackColumn(packColumn(first)))).toEqual([1.5, NaN, -0, 2 ** 53, Number.MIN_VALUE]);
    const joined = unpackConcatenated([packColumn(first), asMongoReturnsIt(packColumn(second))]);
    expect(Array.from(joined)).toEqual([1.5, NaN, -0, 2 ** 53, Number.MIN_VALUE, NaN, 7, 0.1 + 0.2]);
    expect(Object.is(joined[2], -0)).toBe(true);
  });

  it('store bands and positions in a byte, counts in two, single-precision numbers in four, nulls kept', () => {
    const cases: { values: (number | null)[]; bytesEach: number }[] = [
      { values: [0, 4, null, 254], bytesEach: 1 },
      { values: [0, 255, null, 65_534], bytesEach: 2 },
      { values: [65_535, 0.5, -3, null, -0], bytesEach: 4 },
      { values: [0.1, 2], bytesEach: 8 },
      { values: [1e300], bytesEach: 8 },
    ];
    for (const { values, bytesEach } of cases) {
      const packed = packColumn(values);
      expect(storedBytes(packed)).toBe(values.length * bytesEach);
      same(
        unpackColumn(packed),
        values.map((value) => value ?? NaN),
      );
      same(
        unpackColumn(asMongoReturnsIt(packed)),
        values.map((value) => value ?? NaN),
      );
    }
  });

  it('read columns written before the narrower forms existed (raw float64 bytes of small numbers)', () => {
    const legacy = new Uint8Array(new Float64Array([3, NaN, 1]).buffer);
    same(unpackColumn(legacy), [3, NaN, 1]);
    same(unpackConcatenated([legacy, packColumn([2, 250])]), [3, NaN, 1, 2, 250]);
  });

  it('read narrow columns whose bytes do not start on their alignment (a slice of a larger buffer)', () => {
    const packed = packColumn([70_000.5, null, 1]) as { f32: Uint8Array };
    const shifted = new Uint8Array(packed.f32.byteLength + 1);
    shifted.set(packed.f32, 1);
    same(unpackColumn({ f32: shifted.subarray(1) }), [70_000.5, NaN, 1]);
    const counts = packColumn([300, null]) as { u16: Uint8Array };
    // A Node Buffer, as the embedded store decodes one: its slice() is a view, not an aligned copy.
    const odd = Buffer.alloc(counts.u16.byteLength + 1);
    odd.set(counts.u16, 1);
    same(unpackColumn({ u16: odd.subarray(1) }), [300, NaN]);
  });

  it('give back any column of doubles exactly, whatever form it is written in', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.double(),
            fc.integer({ min: 0, max: 300 }),
            fc.integer({ min: 0, max: 70_000 }),
            fc.float({ noNaN: true }).map(Math.fround),
          ),
          { maxLength: 40 },
        ),
        (values) => {
          same(unpackColumn(packFloats(Float64Array.from(values))), values);
        },
      ),
    );
  });

  it('refuse a column cut in the middle of a value', () => {
    const cut = (packColumn([1.1, 2.2]) as Uint8Array).subarray(0, 12);
    expect(() => unpackColumn(cut)).toThrow('partial value');
    expect(() => unpackConcatenated([packColumn([3]), cut])).toThrow('partial value');
    expect(() => unpackColumn({ u16: new Uint8Array(3) })).toThrow('partial value');
  });
});

/**
 * Number columns stored as bytes: a run of little-endian float64 values, null kept as NaN. Either store
 * keeps such a column as one binary value (8 bytes a number, nothing per element to index, copy or
 * collect), where an array of numbers costs a BSON element and a heap slot per value. Reads accept what
 * each store hands back: a Uint8Array (Node Buffer) or a BSON Binary (`buffer` + `position`).
 */

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('packed score and measure columns assume a little-endian platform');
}

/** The stored form of a number column. */
export type PackedColumn = Uint8Array;

/** Packs numbers (null and undefined become NaN). */
export function packColumn(values: ArrayLike<number | null | undefined>): PackedColumn {
  const column = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) column[i] = values[i] ?? NaN;
  return new Uint8Array(column.buffer);
}

/** Packs a Float64Array as it is (its NaNs stay nulls-to-be). */
export function packFloats(values: Float64Array): PackedColumn {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function bytesOf(stored: unknown): Uint8Array {
  if (stored instanceof Uint8Array) return stored;
  const binary = stored as { buffer?: unknown; position?: unknown } | null;
  if (binary && binary.buffer instanceof Uint8Array && typeof binary.position === 'number') {
    return binary.buffer.subarray(0, binary.position);
  }
  throw new TypeError('expected a packed number column');
}

/** The numbers of a stored column (NaN where null was packed), as a private copy the caller may change. */
export function unpackColumn(stored: unknown): Float64Array {
  const bytes = bytesOf(stored);
  if (bytes.byteLength % 8 !== 0) throw new TypeError('a packed number column has a partial value');
  const column = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(column.buffer).set(bytes);
  return column;
}

/** Stored columns one after another, as one column (copied once, straight from the stored bytes). */
export function unpackConcatenated(parts: readonly unknown[]): Float64Array {
  const bytes = parts.map(bytesOf);
  const total = bytes.reduce((sum, part) => sum + part.byteLength, 0);
  const column = new Float64Array(total / 8);
  const target = new Uint8Array(column.buffer);
  let at = 0;
  for (const part of bytes) {
    if (part.byteLength % 8 !== 0) throw new TypeError('a packed number column has a partial value');
    target.set(part, at);
    at += part.byteLength;
  }
  return column;
}

/** The value at `i` of an unpacked column, NaN read back as null. */
export function nullable(column: Float64Array, i: number): number | null {
  const value = column[i] as number;
  return Number.isNaN(value) ? null : value;
}

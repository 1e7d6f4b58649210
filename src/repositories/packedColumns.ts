/**
 * Number columns stored as bytes. Either store keeps such a column as one binary value (nothing per
 * element to index, copy or collect), where an array of numbers costs a BSON element and a heap slot per
 * value. A column is written in the narrowest form that gives every value back bit for bit: small counts,
 * bands and positions as `{ u8 }` or `{ u16 }` (whole numbers 0…254 or 0…65,534, the form's largest value
 * standing for null), numbers exact in single precision as `{ f32 }`, anything else as little-endian
 * float64 bytes (the form every column had before, so either is read). Null is NaN in every form. Reads
 * accept what each store hands back: a Uint8Array (Node Buffer) or a BSON Binary (`buffer` + `position`).
 * See docs/data-model.md, "Packed number columns".
 */

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('packed score and measure columns assume a little-endian platform');
}

/** The stored form of a number column: float64 bytes, or a narrower form of the same numbers. */
export type PackedColumn = Uint8Array | { u8: Uint8Array } | { u16: Uint8Array } | { f32: Uint8Array };

type Form = 'u8' | 'u16' | 'f32' | 'f64';
const U8_NULL = 0xff;
const U16_NULL = 0xffff;

/** The narrowest form holding every value exactly (NaN is null; -0 is kept, so it needs a float form). */
function narrowestForm(values: Float64Array): Form {
  let largest = 0;
  let whole = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value !== value) continue;
    if (whole && value >= 0 && value < U16_NULL && Math.floor(value) === value && !Object.is(value, -0)) {
      if (value > largest) largest = value;
      continue;
    }
    whole = false;
    if (Math.fround(value) !== value) return 'f64';
  }
  if (!whole) return 'f32';
  return largest < U8_NULL ? 'u8' : 'u16';
}

/** Packs a Float64Array in its narrowest exact form (a float64 column is the array's own bytes). */
export function packFloats(values: Float64Array): PackedColumn {
  const form = narrowestForm(values);
  if (form === 'f64') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (form === 'f32') return { f32: new Uint8Array(Float32Array.from(values).buffer) };
  const narrow = form === 'u8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  const none = form === 'u8' ? U8_NULL : U16_NULL;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    narrow[i] = value === value ? value : none;
  }
  const bytes = new Uint8Array(narrow.buffer);
  return form === 'u8' ? { u8: bytes } : { u16: bytes };
}

/** Packs numbers (null and undefined become NaN). */
export function packColumn(values: ArrayLike<number | null | undefined>): PackedColumn {
  const column = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) column[i] = values[i] ?? NaN;
  return packFloats(column);
}

function bytesOf(stored: unknown): Uint8Array {
  if (stored instanceof Uint8Array) return stored;
  const binary = stored as { buffer?: unknown; position?: unknown } | null;
  if (binary && binary.buffer instanceof Uint8Array && typeof binary.position === 'number') {
    return binary.buffer.subarray(0, binary.position);
  }
  throw new TypeError('expected a packed number column');
}

/** A stored column's form, its bytes and how many numbers they hold. */
function read(stored: unknown): { form: Form; bytes: Uint8Array; length: number } {
  const wrapped = stored as Partial<Record<'u8' | 'u16' | 'f32', unknown>> | null;
  let form: Form = 'f64';
  let bytes: Uint8Array;
  if (wrapped && !(stored instanceof Uint8Array) && !('position' in wrapped)) {
    form = wrapped.u8 !== undefined ? 'u8' : wrapped.u16 !== undefined ? 'u16' : 'f32';
    bytes = bytesOf(wrapped[form]);
  } else bytes = bytesOf(stored);
  const width = form === 'u8' ? 1 : form === 'u16' ? 2 : form === 'f32' ? 4 : 8;
  if (bytes.byteLength % width !== 0) throw new TypeError('a packed number column has a partial value');
  return { form, bytes, length: bytes.byteLength / width };
}

/** A typed view of `bytes`, copied first when they do not start on the type's alignment. */
function aligned<T>(bytes: Uint8Array, width: number, view: (buffer: ArrayBuffer, offset: number) => T): T {
  // A copy, not `slice()`: a Node Buffer's slice is a view of the same bytes.
  const own = bytes.byteOffset % width === 0 ? bytes : new Uint8Array(bytes);
  return view(own.buffer as ArrayBuffer, own.byteOffset);
}

/** Writes a stored column's numbers into `target` from `at`. */
function decodeInto(
  part: { form: Form; bytes: Uint8Array; length: number },
  target: Float64Array,
  at: number,
) {
  const { form, bytes, length } = part;
  if (form === 'f64') {
    new Uint8Array(target.buffer, target.byteOffset + at * 8, length * 8).set(bytes);
  } else if (form === 'u8') {
    for (let i = 0; i < length; i++) {
      const value = bytes[i] as number;
      target[at + i] = value === U8_NULL ? NaN : value;
    }
  } else if (form === 'u16') {
    const values = aligned(bytes, 2, (buffer, offset) => new Uint16Array(buffer, offset, length));
    for (let i = 0; i < length; i++) {
      const value = values[i] as number;
      target[at + i] = value === U16_NULL ? NaN : value;
    }
  } else {
    target.set(
      aligned(bytes, 4, (buffer, offset) => new Float32Array(buffer, offset, length)),
      at,
    );
  }
}

/** The numbers of a stored column (NaN where null was packed), as a private copy the caller may change. */
export function unpackColumn(stored: unknown): Float64Array {
  const part = read(stored);
  const column = new Float64Array(part.length);
  decodeInto(part, column, 0);
  return column;
}

/** Stored columns one after another, as one column (each decoded once, straight into place). */
export function unpackConcatenated(parts: readonly unknown[]): Float64Array {
  const decoded = parts.map(read);
  const column = new Float64Array(decoded.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of decoded) {
    decodeInto(part, column, at);
    at += part.length;
  }
  return column;
}

/** The value at `i` of an unpacked column, NaN read back as null. */
export function nullable(column: Float64Array, i: number): number | null {
  const value = column[i] as number;
  return Number.isNaN(value) ? null : value;
}

/**
 * Interns a fixed set of keys (student ids, source values) as integers 0..n-1, looked up either by string
 * or straight from the UTF-8 bytes of a delivery (an open-addressing hash table over the keys' bytes), so
 * the fast path finds a student without making a string per row.
 */
import { Buffer } from 'node:buffer';

const EMPTY = -1;

export class KeyIndex {
  readonly keys: readonly string[];
  private readonly byString = new Map<string, number>();
  private readonly bytes: Buffer;
  private readonly starts: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(keys: Iterable<string>) {
    const unique = [...new Set(keys)];
    this.keys = unique;
    unique.forEach((key, index) => this.byString.set(key, index));
    const encoded = unique.map((key) => Buffer.from(key, 'utf8'));
    this.bytes = Buffer.concat(encoded);
    this.starts = new Int32Array(unique.length + 1);
    encoded.forEach((key, index) => (this.starts[index + 1] = (this.starts[index] as number) + key.length));
    let size = 16;
    while (size < unique.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    encoded.forEach((key, index) => {
      let slot = hashBytes(key, 0, key.length) & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = index;
    });
  }

  get size(): number {
    return this.keys.length;
  }

  indexOf(key: string): number {
    return this.byString.get(key) ?? -1;
  }

  /** The index of the key spelled by `source[from, to)`, or -1. */
  indexOfBytes(source: Uint8Array, from: number, to: number): number {
    let slot = hashBytes(source, from, to) & this.mask;
    for (;;) {
      const index = this.slots[slot] as number;
      if (index === EMPTY) return -1;
      if (this.sameBytes(index, source, from, to)) return index;
      slot = (slot + 1) & this.mask;
    }
  }

  private sameBytes(index: number, source: Uint8Array, from: number, to: number): boolean {
    const start = this.starts[index] as number;
    const length = (this.starts[index + 1] as number) - start;
    if (length !== to - from) return false;
    for (let i = 0; i < length; i++) if (this.bytes[start + i] !== source[from + i]) return false;
    return true;
  }
}

/** FNV-1a over bytes, 32-bit. */
function hashBytes(source: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ (source[i] as number), 0x01000193);
  return hash >>> 0;
}

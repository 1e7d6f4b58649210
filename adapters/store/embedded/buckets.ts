/**
 * The storage of one hash index: key → rows of the documents filed under it. A lone row is kept as a
 * plain number (most keys of a selective index have one holder), two or more as a Set in insertion order.
 */
type Holders = number | Set<number>;

const NONE: readonly number[] = [];

export class IdBuckets {
  private readonly byKey = new Map<string, Holders>();

  /** How many rows are filed under `key`. */
  count(key: string): number {
    const holders = this.byKey.get(key);
    if (holders === undefined) return 0;
    return typeof holders === 'number' ? 1 : holders.size;
  }

  /** The rows filed under `key`. */
  rows(key: string): Iterable<number> {
    const holders = this.byKey.get(key);
    if (holders === undefined) return NONE;
    return typeof holders === 'number' ? [holders] : holders;
  }

  /** Whether `key` has a holder other than `row`. */
  holdsOther(key: string, row: number): boolean {
    const holders = this.byKey.get(key);
    if (holders === undefined) return false;
    return typeof holders === 'number' ? holders !== row : holders.size > (holders.has(row) ? 1 : 0);
  }

  /** Every key with at least one holder. */
  keys(): Iterable<string> {
    return this.byKey.keys();
  }

  add(key: string, row: number): void {
    const holders = this.byKey.get(key);
    if (holders === undefined) this.byKey.set(key, row);
    else if (typeof holders !== 'number') holders.add(row);
    else if (holders !== row) this.byKey.set(key, new Set([holders, row]));
  }

  remove(key: string, row: number): void {
    const holders = this.byKey.get(key);
    if (holders === row) this.byKey.delete(key);
    else if (typeof holders === 'object' && holders.delete(row) && holders.size === 1) {
      this.byKey.set(key, holders.values().next().value as number);
    }
  }
}

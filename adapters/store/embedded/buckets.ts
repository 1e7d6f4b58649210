/**
 * The storage of one hash index: key → ids of the documents filed under it. A lone id is kept as a plain
 * string (most keys of a selective index have one holder), two or more as a Set in insertion order.
 */
type Holders = string | Set<string>;

const NONE: readonly string[] = [];

export class IdBuckets {
  private readonly byKey = new Map<string, Holders>();

  /** How many ids are filed under `key`. */
  count(key: string): number {
    const holders = this.byKey.get(key);
    if (holders === undefined) return 0;
    return typeof holders === 'string' ? 1 : holders.size;
  }

  /** The ids filed under `key`. */
  ids(key: string): Iterable<string> {
    const holders = this.byKey.get(key);
    if (holders === undefined) return NONE;
    return typeof holders === 'string' ? [holders] : holders;
  }

  /** Whether `key` has a holder other than `id`. */
  holdsOther(key: string, id: string): boolean {
    const holders = this.byKey.get(key);
    if (holders === undefined) return false;
    return typeof holders === 'string' ? holders !== id : holders.size > (holders.has(id) ? 1 : 0);
  }

  /** Every key with at least one holder. */
  keys(): Iterable<string> {
    return this.byKey.keys();
  }

  add(key: string, id: string): void {
    const holders = this.byKey.get(key);
    if (holders === undefined) this.byKey.set(key, id);
    else if (typeof holders !== 'string') holders.add(id);
    else if (holders !== id) this.byKey.set(key, new Set([holders, id]));
  }

  remove(key: string, id: string): void {
    const holders = this.byKey.get(key);
    if (holders === id) this.byKey.delete(key);
    else if (typeof holders === 'object' && holders.delete(id) && holders.size === 1) {
      this.byKey.set(key, holders.values().next().value as string);
    }
  }
}

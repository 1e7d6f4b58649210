/**
 * The one in-memory cache Engage uses: entries expire `ttlMs` after they were stored, the least recently
 * used entry goes first once `maxEntries` is reached, and the clock is injected (milliseconds, `Date.now` by
 * default) so tests move time instead of waiting. `remember` shares one load between concurrent callers and
 * forgets a load that failed, so a failure is retried by the next caller rather than cached.
 */

export interface ExpiringCacheOptions {
  /** How long an entry is served after it was stored. */
  ttlMs: number;
  /** The most entries kept; the least recently used is dropped first. Unbounded when absent. */
  maxEntries?: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

export class ExpiringCache<K, V> {
  readonly #entries = new Map<K, { value: V; expiresAt: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: ExpiringCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? Infinity;
    this.#now = options.now ?? Date.now;
  }

  /** The fresh value stored under `key`, or undefined when there is none or it has expired. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.#now() >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.#now() + this.#ttlMs });
    while (this.#entries.size > this.#maxEntries)
      this.#entries.delete(this.#entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  /**
   * The fresh promise stored under `key`, or `load()`'s, stored: concurrent callers share one load. A load
   * that rejects is forgotten (unless something newer replaced it), so the next caller tries again.
   */
  remember<T>(this: ExpiringCache<K, Promise<T>>, key: K, load: () => Promise<T>): Promise<T> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const loading = load();
    this.set(key, loading);
    loading.catch(() => {
      if (this.#entries.get(key)?.value === loading) this.#entries.delete(key);
    });
    return loading;
  }
}

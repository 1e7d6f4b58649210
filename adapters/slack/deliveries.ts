/**
 * Remembers which Slack deliveries were already taken in, so a retried event (X-Slack-Retry-Num) or a
 * redelivered interaction is acknowledged without being processed twice. Kept in memory: Slack retries
 * within minutes (immediately, after 1 and after 5 minutes), and one process serves /slack/events per
 * store (the embedded store is single-process). Bounded in size and time; the oldest entries go first.
 */
export const DELIVERY_MEMORY_MS = 10 * 60_000;
export const DELIVERY_MEMORY_SIZE = 50_000;

export class DeliveryMemory {
  readonly #seenAt = new Map<string, number>();

  constructor(
    private readonly ttlMs = DELIVERY_MEMORY_MS,
    private readonly capacity = DELIVERY_MEMORY_SIZE,
  ) {}

  /** True the first time a key is seen within the memory window; false for a repeat. */
  firstTime(key: string, nowMs: number): boolean {
    const seen = this.#seenAt.get(key);
    if (seen !== undefined && nowMs - seen < this.ttlMs) return false;
    this.#seenAt.delete(key);
    this.#seenAt.set(key, nowMs);
    this.#forgetOld(nowMs);
    return true;
  }

  #forgetOld(nowMs: number): void {
    for (const [key, seen] of this.#seenAt) {
      if (this.#seenAt.size <= this.capacity && nowMs - seen < this.ttlMs) break;
      this.#seenAt.delete(key);
    }
  }
}

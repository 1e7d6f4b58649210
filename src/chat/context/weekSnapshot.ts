/**
 * The week's signals for the whole population, loaded once and shared by every digest, list and band view
 * until it is older than `maxAgeMs` or the chat core itself changed something a list reads (a contact, a
 * case). Digests for many channels slice this one snapshot instead of loading their own; student cards
 * take the student's recent history and score explanation from it, so a lookup reads only that student's
 * record, contacts and case.
 */
import { ExpiringCache } from '../../cache/expiringCache.ts';
import type { IsoWeek } from '../../domain/isoWeek.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { StoredPeerGroupWeek, StoredScore } from '../../repositories/scores.ts';
import { scoredThisWeek } from '../../weekly/mondayView.ts';
import { loadSignals, type SignalEntry, type SignalSnapshot } from '../../weekly/loadSignals.ts';

export interface WeekSignals {
  snapshot: SignalSnapshot;
  /** Entries scored in the snapshot's week: what lists and the distribution are drawn from. */
  scored: SignalEntry[];
  byStudentId: Map<string, SignalEntry>;
  /**
   * The week's scores in full with their peer-group weeks (student cards explain a score from them), if
   * already read; otherwise starts reading them, once, and returns null. Kept with the snapshot.
   */
  explainedIfReady(): WeekExplained | null;
}

export interface WeekExplained {
  scores: Map<string, StoredScore>;
  groups: Map<string, StoredPeerGroupWeek>;
}

/**
 * How long student cards keep using a loaded snapshot before asking for a newer one: a card's history and
 * explanation change only when a week is scored, and each reload briefly holds up the lookups around it.
 */
export const CARD_SNAPSHOT_MAX_AGE_MS = 10 * 60_000;

export function weekSnapshots(repos: Repositories, maxAgeMs: number) {
  const latest = new ExpiringCache<'latest', Promise<WeekSignals | null>>({ ttlMs: maxAgeMs });
  /**
   * The last snapshot that finished loading: served to student cards while a newer one loads, so it is
   * kept past its age (stale while a reload runs) rather than in an expiring cache.
   */
  let lastLoaded: WeekSignals | null = null;
  let lastLoadedAt = 0;
  /** The last explained scores read, kept across snapshots of the same week for a while. */
  const lastExplained = new ExpiringCache<IsoWeek, WeekExplained>({
    ttlMs: CARD_SNAPSHOT_MAX_AGE_MS,
    maxEntries: 1,
  });

  async function load(now: Date): Promise<WeekSignals | null> {
    const week: IsoWeek | undefined = (await repos.scores.scoredWeeks()).at(-1);
    if (week === undefined) return null;
    const snapshot = await loadSignals(repos, { week, now });
    const scored = scoredThisWeek(snapshot);
    const carried = lastExplained.get(week) ?? null;
    let explained: Promise<WeekExplained> | null = carried ? Promise.resolve(carried) : null;
    let explainedValue: WeekExplained | null = carried;
    const readExplained = (): Promise<WeekExplained> => {
      if (explained) return explained;
      const reading = Promise.all([
        repos.scores.scoresForWeek(week),
        repos.scores.peerGroupsForWeek(week),
      ]).then(([scores, groups]) => ({
        scores: new Map(scores.map((score) => [score.studentId, score])),
        groups: new Map(groups.map((group) => [group.peerGroup, group])),
      }));
      explained = reading;
      reading.then(
        (value) => {
          explainedValue = value;
          lastExplained.set(week, value);
        },
        () => (explained = null),
      );
      return reading;
    };
    return {
      snapshot,
      scored,
      byStudentId: new Map(snapshot.entries.map((entry) => [entry.student.id, entry])),
      explainedIfReady() {
        if (!explainedValue) void readExplained().catch(() => undefined);
        return explainedValue;
      },
    };
  }

  return {
    /** The latest scored week's signals; null when nothing has been scored yet. */
    get(now: Date): Promise<WeekSignals | null> {
      return latest.remember('latest', () => {
        const value = load(now);
        value.then(
          (loaded) => {
            lastLoaded = loaded;
            lastLoadedAt = Date.now();
          },
          () => undefined,
        );
        return value;
      });
    },
    /**
     * Without waiting: the latest loaded snapshot (up to CARD_SNAPSHOT_MAX_AGE_MS old), starting a load
     * when there is none that recent. Student cards use it for history and explanations, which contacts
     * and cases do not change.
     */
    ready(now: Date): WeekSignals | null {
      if (lastLoaded && Date.now() - lastLoadedAt < CARD_SNAPSHOT_MAX_AGE_MS) return lastLoaded;
      void this.get(now).catch(() => undefined);
      return lastLoaded;
    },
    /** Forget the snapshot: the next read loads afresh (after a contact or case changed a list). */
    invalidate(): void {
      latest.clear();
    },
  };
}

export type WeekSnapshots = ReturnType<typeof weekSnapshots>;

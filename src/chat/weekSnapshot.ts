/**
 * The week's signals for the whole population, loaded once and shared by every digest, list and band view
 * until it is older than `maxAgeMs` or the chat core itself changed something a list reads (a contact, a
 * case). Digests for many channels slice this one snapshot instead of loading their own; student cards
 * take the student's recent history and score explanation from it, so a lookup reads only that student's
 * record, contacts and case.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { Repositories } from '../repositories/index.ts';
import type { StoredPeerGroupWeek, StoredScore } from '../repositories/scores.ts';
import { scoredThisWeek } from '../weekly/mondayView.ts';
import { loadSignals, type SignalEntry, type SignalSnapshot } from '../weekly/studentSignals.ts';

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

export function weekSnapshots(repos: Repositories, maxAgeMs: number) {
  let cached: { loadedAt: number; value: Promise<WeekSignals | null> } | null = null;
  /** The last snapshot that finished loading: served to student cards while a newer one loads. */
  let lastLoaded: WeekSignals | null = null;

  async function load(now: Date): Promise<WeekSignals | null> {
    const week: IsoWeek | undefined = (await repos.scores.scoredWeeks()).at(-1);
    if (week === undefined) return null;
    const snapshot = await loadSignals(repos, { week, now });
    const scored = scoredThisWeek(snapshot);
    let explained: Promise<WeekExplained> | null = null;
    let explainedValue: WeekExplained | null = null;
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
        (value) => (explainedValue = value),
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
      const nowMs = Date.now();
      if (!cached || nowMs - cached.loadedAt > maxAgeMs) {
        const value = load(now);
        cached = { loadedAt: nowMs, value };
        value.then(
          (loaded) => (lastLoaded = loaded),
          () => {
            if (cached?.value === value) cached = null;
          },
        );
      }
      return cached.value;
    },
    /**
     * Without waiting: the latest loaded snapshot (possibly a little stale), starting a load when none is
     * current. Student cards use it for history and explanations, which contacts and cases do not change.
     */
    ready(now: Date): WeekSignals | null {
      void this.get(now).catch(() => undefined);
      return lastLoaded;
    },
    /** Forget the snapshot: the next read loads afresh (after a contact or case changed a list). */
    invalidate(): void {
      cached = null;
    },
  };
}

export type WeekSnapshots = ReturnType<typeof weekSnapshots>;

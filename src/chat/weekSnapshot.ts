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
   * The week's scores in full with their peer-group weeks, read on first use (student cards explain a
   * score from them) and kept with the snapshot.
   */
  explained(): Promise<WeekExplained>;
}

export interface WeekExplained {
  scores: Map<string, StoredScore>;
  groups: Map<string, StoredPeerGroupWeek>;
}

export function weekSnapshots(repos: Repositories, maxAgeMs: number) {
  let cached: { loadedAt: number; value: Promise<WeekSignals | null> } | null = null;

  async function load(now: Date): Promise<WeekSignals | null> {
    const week: IsoWeek | undefined = (await repos.scores.scoredWeeks()).at(-1);
    if (week === undefined) return null;
    const snapshot = await loadSignals(repos, { week, now });
    const scored = scoredThisWeek(snapshot);
    let explained: Promise<WeekExplained> | null = null;
    return {
      snapshot,
      scored,
      byStudentId: new Map(snapshot.entries.map((entry) => [entry.student.id, entry])),
      explained() {
        explained ??= Promise.all([
          repos.scores.scoresForWeek(week),
          repos.scores.peerGroupsForWeek(week),
        ]).then(([scores, groups]) => ({
          scores: new Map(scores.map((score) => [score.studentId, score])),
          groups: new Map(groups.map((group) => [group.peerGroup, group])),
        }));
        return explained;
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
        value.catch(() => {
          if (cached?.value === value) cached = null;
        });
      }
      return cached.value;
    },
    /** Forget the snapshot: the next read loads afresh (after a contact or case changed a list). */
    invalidate(): void {
      cached = null;
    },
  };
}

export type WeekSnapshots = ReturnType<typeof weekSnapshots>;

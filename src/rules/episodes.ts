/**
 * A rule fires once per student per episode (docs/rules.md): the first evaluated week in which its condition
 * holds starts an episode and fires; the following weeks in which it still holds fire nothing; the first
 * week in which it does not hold ends the episode, so the next week it holds fires again. The state
 * remembers the last week evaluated, so evaluating that week (or an earlier one) again is a no-op: re-running
 * a weekly cycle fires nothing new.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';

/** Per (rule, student): the episode in progress, if any, and the latest week evaluated. */
export interface EpisodeState {
  active: boolean;
  /** The week the active episode started (and fired); null when none is active. */
  since: IsoWeek | null;
  /** The latest week evaluated; null before the first. */
  lastWeek: IsoWeek | null;
}

export const NO_EPISODE: EpisodeState = Object.freeze({ active: false, since: null, lastWeek: null });

export interface EpisodeStep {
  fire: boolean;
  next: EpisodeState;
}

/** Advances (rule, student)'s episode by one evaluated week; `previous` null means never evaluated. */
export function stepEpisode(previous: EpisodeState | null, week: IsoWeek, holds: boolean): EpisodeStep {
  const state = previous ?? NO_EPISODE;
  if (state.lastWeek !== null && week <= state.lastWeek) return { fire: false, next: state };
  if (!holds) return { fire: false, next: { active: false, since: null, lastWeek: week } };
  if (state.active) return { fire: false, next: { active: true, since: state.since, lastWeek: week } };
  return { fire: true, next: { active: true, since: week, lastWeek: week } };
}

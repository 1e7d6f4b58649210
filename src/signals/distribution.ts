/**
 * Band distribution (docs/signals.md): how many students fall in each 200-point band (after the list filters), with
 * each band's share of the scored students, and the drill-down into one band, lowest score first.
 */
import type { ScoreBand } from '../domain/model.ts';
import { BANDS, bandRange } from '../scoring/band.ts';
import { byPriority, matchesFilter } from './lists.ts';
import type { ListEntry, ListFilter } from './lists.ts';

export interface BandCount {
  band: ScoreBand;
  /** Inclusive score range, e.g. [200, 399]. */
  range: [number, number];
  count: number;
  /** count / scored students (0 when none are scored). */
  share: number;
}

export interface BandDistribution {
  bands: BandCount[];
  scored: number;
  /** Students matching the filter with no score yet. */
  unscored: number;
}

export function bandDistribution(entries: readonly ListEntry[], filter: ListFilter = {}): BandDistribution {
  const counts = [0, 0, 0, 0, 0];
  let unscored = 0;
  for (const entry of entries) {
    if (!matchesFilter(entry, filter)) continue;
    const band = entry.signals.band;
    if (band === null) unscored += 1;
    else counts[band] = (counts[band] as number) + 1;
  }
  const scored = counts.reduce((a, b) => a + b, 0);
  return {
    bands: BANDS.map((band) => ({
      band,
      range: bandRange(band),
      count: counts[band] as number,
      share: scored === 0 ? 0 : (counts[band] as number) / scored,
    })),
    scored,
    unscored,
  };
}

/** The students in one band, lowest score first (then longest since contact). */
export function studentsInBand<E extends ListEntry>(
  entries: readonly E[],
  band: ScoreBand,
  filter: ListFilter = {},
): E[] {
  return entries
    .filter((entry) => entry.signals.band === band && matchesFilter(entry, filter))
    .sort(byPriority);
}

/** Score → 200-point band (docs/signals.md): 0–199 → 0, 200–399 → 1, 400–599 → 2, 600–799 → 3, 800–1000 → 4. */
import type { ScoreBand } from '../domain/model.ts';

export const BANDS: readonly ScoreBand[] = [0, 1, 2, 3, 4];

export function bandOf(score: number): ScoreBand {
  return Math.max(0, Math.min(4, Math.floor(score / 200))) as ScoreBand;
}

/** Inclusive score range of a band, e.g. 1 → [200, 399]; the top band ends at 1000. */
export function bandRange(band: ScoreBand): [number, number] {
  return [band * 200, band === 4 ? 1000 : band * 200 + 199];
}

/**
 * The volume guard: a snapshot delivery with ten times fewer or ten times more rows than the source usually
 * sends (the median of its last applied snapshots) is held for an administrator's approval instead of being
 * applied — a truncated extract or a file from the wrong system must not rewrite a week of counts.
 * Increments (xAPI statements, event pages) come in any size and are not judged.
 */

export const VOLUME_FACTOR = 10;
/** How many recent applied deliveries set "usual", and how many are needed before the guard judges. */
export const VOLUME_HISTORY = 5;
export const VOLUME_MIN_HISTORY = 3;

export type VolumeVerdict = { hold: false } | { hold: true; usual: number; reason: string };

export function checkVolume(rows: number, recentRows: readonly number[]): VolumeVerdict {
  if (recentRows.length < VOLUME_MIN_HISTORY) return { hold: false };
  const sorted = [...recentRows].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const usual =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  if (usual <= 0) return { hold: false };
  if (rows * VOLUME_FACTOR <= usual) {
    return { hold: true, usual, reason: `${rows} rows is ten or more times fewer than the usual ${usual}` };
  }
  if (rows >= usual * VOLUME_FACTOR) {
    return { hold: true, usual, reason: `${rows} rows is ten or more times more than the usual ${usual}` };
  }
  return { hold: false };
}

/**
 * Which files of a delivery directory are complete, by the landing directory's rule: a file counts once it
 * has its final name (uploaders write to `.part`, `.tmp`, a leading dot… and rename into place) or, with
 * `completion: marker`, once its `<name>.done` marker exists. Partial files are left alone.
 */
export const DONE_MARKER = '.done';
const PARTIAL = /^\.|\.(part|partial|filepart|tmp|temp)$/i;

/** The complete files among the directory's file names, sorted by name. */
export function completeNames(names: readonly string[], completion: 'rename' | 'marker'): string[] {
  const present = new Set(names);
  return [...present]
    .filter((name) => !name.endsWith(DONE_MARKER) && !PARTIAL.test(name))
    .filter((name) => completion === 'rename' || present.has(`${name}${DONE_MARKER}`))
    .sort();
}

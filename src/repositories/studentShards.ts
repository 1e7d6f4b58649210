/**
 * Students spread over a fixed number of shards by a hash of their id, so that a week of scores or
 * measures is a few dozen column-packed documents rather than one per student, and one student's weeks are
 * found by their shard. The hash and the count are part of the stored format: changing either needs a
 * migration of the stored shards.
 */

/** Shards per week: about 800 students each at 50,000 students, a few MB per document at 500,000. */
export const STUDENT_SHARDS = 64;

/** The student's shard, 0..STUDENT_SHARDS−1 (FNV-1a over the id's UTF-16 code units). */
export function shardOf(studentId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < studentId.length; i++) {
    hash ^= studentId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % STUDENT_SHARDS;
}

/**
 * Ranking students found by a name search, best first: the whole name exactly, then names starting with
 * the query, then names with a word starting with each word of the query ("har smi" → "Harry Smith"), then
 * names merely containing every word; alphabetically within each. Case-insensitive. Chat and the CLI both
 * rank with it, so "student Harry" offers the Harrys before the Tharryns, on every surface.
 */

/** The shortest query that may open a student on its own: one letter only ever offers a choice. */
export const MIN_QUERY_TO_OPEN = 2;

const TIERS = ['exact', 'prefix', 'word-prefix', 'contains'] as const;
export type NameMatch = (typeof TIERS)[number];

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** How well `name` matches `query`, or null when it does not contain every word of it. */
export function nameMatch(name: string, query: string): NameMatch | null {
  const wanted = normalise(query);
  const have = normalise(name);
  const words = wanted.split(' ').filter(Boolean);
  if (words.length === 0 || !words.every((word) => have.includes(word))) return null;
  if (have === wanted) return 'exact';
  if (have.startsWith(wanted)) return 'prefix';
  const nameWords = have.split(' ');
  if (words.every((word) => nameWords.some((part) => part.startsWith(word)))) return 'word-prefix';
  return 'contains';
}

/** The students matching `query`, best match first (see the module comment); non-matches left out. */
export function rankByName<T extends { id: string; name: string }>(
  students: readonly T[],
  query: string,
): T[] {
  return students
    .map((student) => ({ student, tier: nameMatch(student.name, query) }))
    .filter((ranked): ranked is { student: T; tier: NameMatch } => ranked.tier !== null)
    .sort(
      (a, b) =>
        TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) ||
        a.student.name.localeCompare(b.student.name) ||
        a.student.id.localeCompare(b.student.id),
    )
    .map((ranked) => ranked.student);
}

/** May a search for `query` with these matches open the one student directly, without a choice? */
export function opensDirectly(query: string, matches: number): boolean {
  return matches === 1 && normalise(query).length >= MIN_QUERY_TO_OPEN;
}

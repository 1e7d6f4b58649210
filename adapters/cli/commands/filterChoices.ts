/**
 * Checks a list command's filters against what the store holds, so a mistyped faculty, programme, cohort
 * or week is a usage error naming the valid choices (and the closest one), not an empty list that looks
 * like good news.
 */
import type { IsoWeek } from '../../../src/domain/isoWeek.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import { UsageError } from '../command.ts';

export interface ListFilterOptions {
  facultyId?: string | undefined;
  programmeId?: string | undefined;
  cohort?: string | undefined;
  week?: IsoWeek | undefined;
}

const SHOWN = 12;

export async function checkFilterChoices(repos: Repositories, filter: ListFilterOptions): Promise<void> {
  const students = filter.cohort === undefined ? [] : await repos.institution.listStudents();
  const checks: [string, string | undefined, () => Promise<string[]>][] = [
    ['faculty', filter.facultyId, async () => (await repos.institution.listFaculties()).map((f) => f.id)],
    [
      'programme',
      filter.programmeId,
      async () => (await repos.institution.listProgrammes()).map((p) => p.id),
    ],
    ['cohort', filter.cohort, async () => [...new Set(students.map((s) => s.cohort))].sort()],
    ['week', filter.week, async () => repos.scores.scoredWeeks()],
  ];
  for (const [what, given, choices] of checks) {
    if (given === undefined) continue;
    const valid = await choices();
    if (valid.includes(given)) continue;
    const near = what === 'week' ? null : closest(given, valid);
    const listed =
      valid.length > SHOWN
        ? `${valid.slice(0, SHOWN).join(', ')} and ${valid.length - SHOWN} more`
        : valid.join(', ');
    throw new UsageError(
      what === 'week'
        ? `week ${given} has not been scored; scored weeks: ${listed || 'none yet'}`
        : `unknown ${what} "${given}"${near ? ` (did you mean "${near}"?)` : ''}; ${what} ids: ${listed || 'none'}`,
    );
  }
}

/** The choice nearest to `given` by edit distance (case ignored), if it is near enough to be a typo. */
function closest(given: string, choices: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const choice of choices) {
    const distance = editDistance(given.toLowerCase(), choice.toLowerCase());
    if (distance < bestDistance) {
      best = choice;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(given.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * Checks a list command's filters against what the store holds, so a mistyped faculty, programme, cohort
 * or week is a usage error naming the valid choices (and the closest one), not an empty list that looks
 * like good news.
 */
import type { IsoWeek } from '../../../src/domain/isoWeek.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import { closest } from '../closest.ts';
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

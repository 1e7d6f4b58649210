/**
 * Imports OULAD (any module, any presentation) into Engage through the repositories: the institution,
 * the calendar, the VLE and submissions sources, a weekly measure for every enrolled student-week, the
 * coursework deadlines as weekly counts and the outcomes. The files stream through once each and only weekly totals are held. A row that fails
 * validation is reported with its file, line and reason and never stops the import; every write is an
 * upsert, so re-running the import leaves the store as one run would. Refuses a store holding other data.
 */
import type { IsoWeek } from '../../domain/isoWeek.ts';
import type { WeeklyMeasure } from '../../domain/model.ts';
import type { Repositories } from '../../repositories/index.ts';
import { ouladCalendar, presentationStart, termWeeksOf } from './calendar.ts';
import { ouladInstitution } from './institution.ts';
import { assertStoreTakesOulad, recordOuladOrigin } from './origin.ts';
import { readOulad, type OuladSelection } from './readOulad.ts';
import type { SkippedRowsReport } from './skippedRows.ts';
import { OULAD_SOURCE_IDS, ouladSources } from './sources.ts';
import type { OuladFiles } from './tables.ts';
import { enrolledWeekMeasures } from './weeklyCounts.ts';

export interface OuladImportSummary {
  modules: string[];
  /** Module presentations imported, e.g. "AAA-2013J". */
  presentations: string[];
  files: string[];
  /** The date taken as day 0 of each presentation (YYYY-MM-DD), e.g. { "2013J": "2013-10-07" }. */
  dayZero: Record<string, string>;
  /** One per registration. */
  students: number;
  tutors: number;
  /** The term weeks of the imported presentations, oldest first: what is to be scored. */
  termWeeks: IsoWeek[];
  /** Student × source × week counts written. */
  measuresWritten: number;
  /** Student-weeks of coursework counts written (deadlines due, met, late, marks). */
  courseworkWeeksWritten: number;
  /** Rows of module presentations not selected, left alone. */
  rowsOutsideSelection: number;
  /** Activity rows dated outside the student's enrolled term weeks (before the start, after unregistering). */
  activityOutsideEnrolment: number;
  skipped: SkippedRowsReport;
}

const MEASURE_BATCH = 20_000;

export async function importOulad(
  repos: Repositories,
  files: OuladFiles,
  selection: OuladSelection,
  now = new Date(),
): Promise<OuladImportSummary> {
  await assertStoreTakesOulad(repos);
  const data = await readOulad(files, selection);
  const runs = [...data.runs.values()];
  const termWeeks = [...new Set(runs.flatMap(termWeeksOf))].sort();
  const imported = {
    modules: [...new Set(runs.map((run) => run.module))].sort(),
    presentations: [...data.runs.keys()].sort(),
    files: Object.values(files.names),
  };
  await recordOuladOrigin(repos, imported, now);

  const registrations = [...data.registrations.values()];
  const institution = ouladInstitution(registrations);
  await repos.institution.saveFaculties(institution.faculties);
  await repos.institution.saveProgrammes(institution.programmes);
  await repos.institution.saveStaff(institution.tutors);
  await repos.institution.saveStudents(institution.students);
  await repos.outcomes.saveOutcomes(institution.outcomes);
  await repos.institution.saveCalendar(ouladCalendar(runs, await repos.institution.calendar()));
  await repos.sources.saveSources(ouladSources(termWeeks[0] as IsoWeek, await repos.sources.listSources()));

  const sources = [
    { sourceId: OULAD_SOURCE_IDS.vle, counts: data.clicks },
    { sourceId: OULAD_SOURCE_IDS.vleDays, counts: data.activeDays },
    { sourceId: OULAD_SOURCE_IDS.submissions, counts: data.submissions },
  ];
  let measuresWritten = 0;
  let batch: WeeklyMeasure[] = [];
  const flush = async () => {
    await repos.measures.saveMeasures(batch);
    measuresWritten += batch.length;
    batch = [];
  };
  for (const registration of registrations) {
    batch.push(...enrolledWeekMeasures(registration, sources));
    if (batch.length >= MEASURE_BATCH) await flush();
  }
  await flush();
  const coursework = data.coursework.weeks();
  await repos.coursework.saveWeeks(coursework);

  return {
    ...imported,
    dayZero: Object.fromEntries(
      runs.map((run) => [run.presentation, presentationStart(run.presentation).toISOString().slice(0, 10)]),
    ),
    students: registrations.length,
    tutors: institution.tutors.length,
    termWeeks,
    measuresWritten,
    courseworkWeeksWritten: coursework.length,
    rowsOutsideSelection: data.rowsOutsideSelection,
    activityOutsideEnrolment: data.activityOutsideEnrolment,
    skipped: data.skipped.report(),
  };
}

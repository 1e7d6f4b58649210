/**
 * Imports OULAD (any module, any presentation) into Engage through the repositories: the institution,
 * the calendar, the VLE and submissions sources, a weekly measure for every enrolled student-week and the
 * outcomes. The files stream through once each and only weekly totals are held. A row that fails
 * validation is reported with its file, line and reason and never stops the import; every write is an
 * upsert, so re-running the import leaves the store as one run would. Refuses a store holding other data.
 */
import type { IsoWeek } from '../../domain/isoWeek.ts';
import type { WeeklyMeasure } from '../../domain/model.ts';
import type { CsvRecord } from '../../ingest/csv.ts';
import type { Repositories } from '../../repositories/index.ts';
import { moduleWeekOf, ouladCalendar, termWeeksOf, type ModulePresentation } from './calendar.ts';
import { ouladInstitution } from './institution.ts';
import { enrolledWeeks, registrationKey, runKey, type OuladRegistration } from './registrations.ts';
import { requiredColumns, ROW_SCHEMAS, type OuladRow, type OuladTable } from './rows.ts';
import { SkippedRows, type SkippedRowsReport } from './skippedRows.ts';
import { OULAD_SOURCE_IDS, ouladSources } from './sources.ts';
import { enrolledWeekMeasures, WeeklyCounts } from './weeklyCounts.ts';

/** Where the tables come from: the file each was found in, and its records. */
export interface OuladFiles {
  names: Record<OuladTable, string>;
  read(table: OuladTable): AsyncIterable<CsvRecord>;
}

/** Which module presentations to import; omitted means all. */
export interface OuladSelection {
  module?: string;
  presentation?: string;
}

export interface OuladImportSummary {
  modules: string[];
  /** Module presentations imported, e.g. "AAA-2013J". */
  presentations: string[];
  files: string[];
  /** One per registration. */
  students: number;
  tutors: number;
  /** The term weeks of the imported presentations, oldest first: what is to be scored. */
  termWeeks: IsoWeek[];
  measuresWritten: number;
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
  await assertImportable(repos);
  const skipped = new SkippedRows();
  const rows = <T extends OuladTable>(table: T) => validRows(files, table, skipped);
  const selected = (module: string, presentation: string) =>
    (selection.module === undefined || selection.module === module) &&
    (selection.presentation === undefined || selection.presentation === presentation);
  let rowsOutsideSelection = 0;
  let activityOutsideEnrolment = 0;
  const skip = (table: OuladTable, line: number, reason: string, detail: string) =>
    skipped.add({ file: files.names[table], line, reason, detail });

  const runs = new Map<string, ModulePresentation>();
  for await (const { line, row } of rows('courses')) {
    const key = runKey(row.code_module, row.code_presentation);
    if (!selected(row.code_module, row.code_presentation)) rowsOutsideSelection++;
    else if (runs.has(key)) skip('courses', line, 'duplicate module presentation', key);
    else
      runs.set(key, {
        module: row.code_module,
        presentation: row.code_presentation,
        lengthDays: row.module_presentation_length,
      });
  }
  if (runs.size === 0)
    throw new Error(`no module presentation in ${files.names.courses} matches the selection`);

  const registrations = new Map<string, OuladRegistration>();
  for await (const { line, row } of rows('studentInfo')) {
    const run = runs.get(runKey(row.code_module, row.code_presentation));
    const key = registrationKey(row.code_module, row.code_presentation, row.id_student);
    if (!selected(row.code_module, row.code_presentation)) rowsOutsideSelection++;
    else if (!run) skip('studentInfo', line, 'unknown module presentation', key);
    else if (registrations.has(key)) skip('studentInfo', line, 'duplicate registration', key);
    else
      registrations.set(key, {
        run,
        idStudent: row.id_student,
        highestEducation: row.highest_education,
        finalResult: row.final_result,
        registrationDay: null,
        unregistrationDay: null,
      });
  }

  for await (const { line, row } of rows('studentRegistration')) {
    const key = registrationKey(row.code_module, row.code_presentation, row.id_student);
    const registration = registrations.get(key);
    if (!selected(row.code_module, row.code_presentation)) rowsOutsideSelection++;
    else if (!registration) skip('studentRegistration', line, 'unknown student', key);
    else {
      registration.registrationDay = row.date_registration;
      registration.unregistrationDay = row.date_unregistration;
    }
  }
  const enrolment = new Map([...registrations].map(([key, r]) => [key, enrolledWeeks(r)]));
  const isEnrolled = (key: string, moduleWeek: number) => {
    const weeks = enrolment.get(key);
    return weeks !== undefined && moduleWeek >= weeks.from && moduleWeek <= weeks.to;
  };

  const assessments = new Map<number, ModulePresentation>();
  const otherAssessments = new Set<number>();
  for await (const { line, row } of rows('assessments')) {
    const run = runs.get(runKey(row.code_module, row.code_presentation));
    if (!selected(row.code_module, row.code_presentation)) {
      rowsOutsideSelection++;
      otherAssessments.add(row.id_assessment);
    } else if (!run) skip('assessments', line, 'unknown module presentation', `${row.id_assessment}`);
    else assessments.set(row.id_assessment, run);
  }

  const clicks = new WeeklyCounts();
  for await (const { line, row } of rows('studentVle')) {
    const key = registrationKey(row.code_module, row.code_presentation, row.id_student);
    const moduleWeek = moduleWeekOf(row.date);
    if (!selected(row.code_module, row.code_presentation)) rowsOutsideSelection++;
    else if (!registrations.has(key)) skip('studentVle', line, 'unknown student', key);
    else if (!isEnrolled(key, moduleWeek)) activityOutsideEnrolment++;
    else clicks.add(key, moduleWeek, row.sum_click);
  }

  const submissions = new WeeklyCounts();
  for await (const { line, row } of rows('studentAssessment')) {
    const run = assessments.get(row.id_assessment);
    const key = run && registrationKey(run.module, run.presentation, row.id_student);
    const moduleWeek = moduleWeekOf(row.date_submitted);
    if (otherAssessments.has(row.id_assessment)) rowsOutsideSelection++;
    else if (!key) skip('studentAssessment', line, 'unknown assessment', `${row.id_assessment}`);
    else if (!registrations.has(key)) skip('studentAssessment', line, 'unknown student', key);
    else if (!isEnrolled(key, moduleWeek)) activityOutsideEnrolment++;
    else submissions.add(key, moduleWeek, 1);
  }

  const runList = [...runs.values()];
  const termWeeks = [...new Set(runList.flatMap(termWeeksOf))].sort();
  const fileNames = Object.values(files.names);
  await recordOrigin(repos, runList, fileNames, now);

  const institution = ouladInstitution([...registrations.values()]);
  await repos.institution.saveFaculties(institution.faculties);
  await repos.institution.saveProgrammes(institution.programmes);
  await repos.institution.saveStaff(institution.tutors);
  await repos.institution.saveStudents(institution.students);
  await repos.outcomes.saveOutcomes(institution.outcomes);
  await repos.institution.saveCalendar(ouladCalendar(runList, await repos.institution.calendar()));
  await repos.sources.saveSources(ouladSources(termWeeks[0] as IsoWeek, await repos.sources.listSources()));

  const counted = [
    { sourceId: OULAD_SOURCE_IDS.vle, counts: clicks },
    { sourceId: OULAD_SOURCE_IDS.submissions, counts: submissions },
  ];
  let measuresWritten = 0;
  let batch: WeeklyMeasure[] = [];
  const flush = async () => {
    await repos.measures.saveMeasures(batch);
    measuresWritten += batch.length;
    batch = [];
  };
  for (const [key, registration] of registrations) {
    batch.push(...enrolledWeekMeasures(registration, key, counted));
    if (batch.length >= MEASURE_BATCH) await flush();
  }
  await flush();

  return {
    modules: [...new Set(runList.map((run) => run.module))].sort(),
    presentations: [...runs.keys()].sort(),
    files: fileNames,
    students: registrations.size,
    tutors: institution.tutors.length,
    termWeeks,
    measuresWritten,
    rowsOutsideSelection,
    activityOutsideEnrolment,
    skipped: skipped.report(),
  };
}

/** OULAD goes only into an empty store or one already holding OULAD data: never mixed with a demo. */
async function assertImportable(repos: Repositories): Promise<void> {
  const origin = await repos.meta.origin();
  if (origin?.kind === 'oulad') return;
  if (origin) {
    throw new Error(
      `this store holds ${origin.kind} data; import OULAD into a separate store with --data-dir <empty folder>`,
    );
  }
  if ((await repos.institution.countStudents()) > 0) {
    throw new Error('this store holds students of unknown origin; import OULAD into an empty store');
  }
}

/** Marks the store as OULAD data, adding this import's modules, presentations and files to earlier ones. */
async function recordOrigin(
  repos: Repositories,
  runs: readonly ModulePresentation[],
  files: readonly string[],
  now: Date,
): Promise<void> {
  const earlier = (await repos.meta.origin())?.details ?? {};
  const merged = (field: string, values: readonly string[]) => {
    const previous = earlier[field];
    const strings = Array.isArray(previous) ? previous.filter((v): v is string => typeof v === 'string') : [];
    return [...new Set([...strings, ...values])].sort();
  };
  await repos.meta.setOrigin({
    kind: 'oulad',
    details: {
      modules: merged(
        'modules',
        runs.map((run) => run.module),
      ),
      presentations: merged(
        'presentations',
        runs.map((run) => runKey(run.module, run.presentation)),
      ),
      files: merged('files', files),
    },
    at: now,
  });
}

/** A table's rows that pass validation; the others are recorded as skipped with their line and reason. */
async function* validRows<T extends OuladTable>(
  files: OuladFiles,
  table: T,
  skipped: SkippedRows,
): AsyncGenerator<{ line: number; row: OuladRow<T> }> {
  const file = files.names[table];
  const schema = ROW_SCHEMAS[table];
  let columnsChecked = false;
  for await (const record of files.read(table)) {
    if ('error' in record) {
      skipped.add({ file, line: record.line, reason: 'malformed CSV', detail: record.error });
      continue;
    }
    if (!columnsChecked) {
      const missing = requiredColumns(table).filter((column) => !(column in record.values));
      if (missing.length > 0) throw new Error(`${file} has no column ${missing.join(', ')}`);
      columnsChecked = true;
    }
    const parsed = schema.safeParse(record.values);
    if (parsed.success) {
      yield { line: record.line, row: parsed.data as OuladRow<T> };
      continue;
    }
    const issue = parsed.error.issues[0];
    const column = String(issue?.path[0] ?? 'row');
    skipped.add({
      file,
      line: record.line,
      reason: `invalid ${column}`,
      detail: `${column}: ${issue?.message}`,
    });
  }
}

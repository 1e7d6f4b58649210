/**
 * One pass over each OULAD table, in dependency order: the module presentations, the registrations, the
 * assessments, then the click and submission rows reduced to weekly totals per registration as they stream
 * past, and the assessments' deadlines and submissions (with their marks) to weekly coursework counts. Rows of presentations not selected are counted and left alone; activity dated outside a student's
 * enrolled term weeks is counted and not kept; anything else that cannot be used is a skipped row.
 */
import { CourseworkTally } from '../../coursework/courseworkTally.ts';
import { dayOfDate } from '../../ingest/days.ts';
import { moduleWeekOf, presentationStart, type ModulePresentation } from './calendar.ts';
import {
  enrolledWeeks,
  registrationKey,
  runKey,
  studentIdOf,
  type OuladRegistration,
} from './registrations.ts';
import type { OuladTable } from './rows.ts';
import { SkippedRows } from './skippedRows.ts';
import { validRows, type OuladFiles } from './tables.ts';
import { WeeklyCounts } from './weeklyCounts.ts';

/** Which module presentations to import; omitted means all. */
export interface OuladSelection {
  module?: string;
  presentation?: string;
}

export interface OuladData {
  /** The selected module presentations, by run key ("AAA-2013J"). */
  runs: Map<string, ModulePresentation>;
  /** By registration key ("AAA-2013J-11391"). */
  registrations: Map<string, OuladRegistration>;
  clicks: WeeklyCounts;
  /** Days with any VLE click, per week: how regularly a student works, which a click total hides. */
  activeDays: WeeklyCounts;
  submissions: WeeklyCounts;
  /** Deadlines due while enrolled, met on time, late submissions and marks, per student-week. */
  coursework: CourseworkTally;
  rowsOutsideSelection: number;
  activityOutsideEnrolment: number;
  skipped: SkippedRows;
}

export async function readOulad(files: OuladFiles, selection: OuladSelection): Promise<OuladData> {
  const data: OuladData = {
    runs: new Map(),
    registrations: new Map(),
    clicks: new WeeklyCounts(),
    activeDays: new WeeklyCounts(),
    submissions: new WeeklyCounts(),
    coursework: new CourseworkTally(),
    rowsOutsideSelection: 0,
    activityOutsideEnrolment: 0,
    skipped: new SkippedRows(),
  };
  const { runs, registrations } = data;
  const rows = <T extends OuladTable>(table: T) => validRows(files, table, data.skipped);
  const skip = (table: OuladTable, line: number, reason: string, detail: string) =>
    data.skipped.add({ file: files.names[table], line, reason, detail });
  const selected = (row: { code_module: string; code_presentation: string }) => {
    const chosen =
      (selection.module === undefined || selection.module === row.code_module) &&
      (selection.presentation === undefined || selection.presentation === row.code_presentation);
    if (!chosen) data.rowsOutsideSelection++;
    return chosen;
  };

  for await (const { line, row } of rows('courses')) {
    const key = runKey(row.code_module, row.code_presentation);
    if (!selected(row)) continue;
    if (runs.has(key)) skip('courses', line, 'duplicate module presentation', key);
    else {
      const lengthDays = row.module_presentation_length;
      runs.set(key, { module: row.code_module, presentation: row.code_presentation, lengthDays });
    }
  }
  if (runs.size === 0)
    throw new Error(`no module presentation in ${files.names.courses} matches the selection`);

  for await (const { line, row } of rows('studentInfo')) {
    const run = runs.get(runKey(row.code_module, row.code_presentation));
    const key = registrationKey(row.code_module, row.code_presentation, row.id_student);
    if (!selected(row)) continue;
    if (!run) skip('studentInfo', line, 'unknown module presentation', key);
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
    if (!selected(row)) continue;
    if (!registration) skip('studentRegistration', line, 'unknown student', key);
    else {
      registration.registrationDay = row.date_registration;
      registration.unregistrationDay = row.date_unregistration;
    }
  }
  const enrolment = new Map([...registrations].map(([key, r]) => [key, enrolledWeeks(r)]));
  /** The module week of `day` if the registration is enrolled then, else null. */
  const enrolledWeekOf = (key: string, day: number): number | null => {
    const weeks = enrolment.get(key);
    const moduleWeek = moduleWeekOf(day);
    return weeks && moduleWeek >= weeks.from && moduleWeek <= weeks.to ? moduleWeek : null;
  };
  /** Counts the activity if the registration is enrolled that week, else notes it as outside enrolment. */
  const count = (totals: WeeklyCounts, key: string, day: number, amount: number) => {
    const moduleWeek = enrolledWeekOf(key, day);
    if (moduleWeek !== null) totals.add(key, moduleWeek, amount);
    else data.activityOutsideEnrolment++;
  };

  const assessments = new Map<number, { run: ModulePresentation; dueDay: number | null }>();
  const otherAssessments = new Set<number>();
  for await (const { line, row } of rows('assessments')) {
    const run = runs.get(runKey(row.code_module, row.code_presentation));
    if (!selected(row)) otherAssessments.add(row.id_assessment);
    else if (!run) skip('assessments', line, 'unknown module presentation', `${row.id_assessment}`);
    else assessments.set(row.id_assessment, { run, dueDay: row.date });
  }
  /** OULAD's day relative to a presentation's start as days since 1970-01-01. */
  const epochDay = (run: ModulePresentation, day: number) =>
    dayOfDate(presentationStart(run.presentation)) + day;
  // Every deadline a registration is enrolled for when it falls due.
  for (const [key, registration] of registrations) {
    for (const { run, dueDay } of assessments.values()) {
      if (run !== registration.run || dueDay === null || enrolledWeekOf(key, dueDay) === null) continue;
      data.coursework.addDeadline(studentIdOf(registration), epochDay(run, dueDay));
    }
  }

  const daysSeen = new Map<string, Set<number>>();
  for await (const { line, row } of rows('studentVle')) {
    const key = registrationKey(row.code_module, row.code_presentation, row.id_student);
    if (!selected(row)) continue;
    if (!registrations.has(key)) {
      skip('studentVle', line, 'unknown student', key);
      continue;
    }
    count(data.clicks, key, row.date, row.sum_click);
    const days = daysSeen.get(key) ?? new Set<number>();
    if (!days.has(row.date)) {
      days.add(row.date);
      daysSeen.set(key, days);
      const moduleWeek = enrolledWeekOf(key, row.date);
      if (moduleWeek !== null) data.activeDays.add(key, moduleWeek, 1);
    }
  }

  for await (const { line, row } of rows('studentAssessment')) {
    const assessment = assessments.get(row.id_assessment);
    const run = assessment?.run;
    const key = run && registrationKey(run.module, run.presentation, row.id_student);
    const registration = key === undefined ? undefined : registrations.get(key);
    if (otherAssessments.has(row.id_assessment)) data.rowsOutsideSelection++;
    else if (!assessment || !run || !key)
      skip('studentAssessment', line, 'unknown assessment', `${row.id_assessment}`);
    else if (!registration) skip('studentAssessment', line, 'unknown student', key);
    else {
      count(data.submissions, key, row.date_submitted, 1);
      const { dueDay } = assessment;
      // OULAD gives no marking date: a mark counts as known from the submission day (docs/coursework.md).
      data.coursework.addSubmission(studentIdOf(registration), {
        dueDay: dueDay === null ? null : epochDay(run, dueDay),
        submittedDay: epochDay(run, row.date_submitted),
        mark: row.score,
        markedDay: null,
      });
    }
  }
  return data;
}

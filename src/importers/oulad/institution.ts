/**
 * OULAD registrations as Engage's institution: a faculty and a programme per module, tutors with about 40
 * students each per presentation, students with neutral pseudonyms (OULAD has no names), and their outcomes.
 * Deterministic, so a re-import upserts the same records.
 */
import type { Faculty, Programme, Staff, Student } from '../../domain/model.ts';
import type { StudentOutcome } from '../../repositories/outcomes.ts';
import { isoWeekOfModuleWeek, moduleWeekOf, ouladTermLabel } from './calendar.ts';
import type { HIGHEST_EDUCATION } from './rows.ts';
import { registrationKey, runKey, studentIdOf, type OuladRegistration } from './registrations.ts';

const STUDENTS_PER_TUTOR = 40;

/** OULAD's highest education on entry as an Engage entry band. */
const ENTRY_BAND: Record<(typeof HIGHEST_EDUCATION)[number], string> = {
  'No Formal quals': 'No formal qualifications',
  'Lower Than A Level': 'Below A level',
  'A Level or Equivalent': 'A level',
  'HE Qualification': 'HE',
  'Post Graduate Qualification': 'Postgraduate',
};

export interface OuladInstitution {
  faculties: Faculty[];
  programmes: Programme[];
  tutors: Staff[];
  students: Student[];
  outcomes: StudentOutcome[];
}

export const facultyIdOf = (module: string) => `oulad-faculty-${module}`;
export const programmeIdOf = (module: string) => `oulad-${module}`;

export function ouladInstitution(registrations: readonly OuladRegistration[]): OuladInstitution {
  const modules = [...new Set(registrations.map((r) => r.run.module))].sort();
  const faculties = modules.map((module) => ({ id: facultyIdOf(module), name: `OULAD module ${module}` }));
  const programmes = modules.map((module) => ({
    id: programmeIdOf(module),
    name: `OULAD module ${module}`,
    facultyId: facultyIdOf(module),
  }));

  const byRun = new Map<string, OuladRegistration[]>();
  for (const registration of registrations) {
    const key = runKey(registration.run.module, registration.run.presentation);
    const group = byRun.get(key);
    if (group) group.push(registration);
    else byRun.set(key, [registration]);
  }
  const tutors: Staff[] = [];
  const students: Student[] = [];
  for (const [key, group] of [...byRun.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...group].sort((a, b) => a.idStudent - b.idStudent);
    const { module } = sorted[0]!.run;
    const runTutors = Array.from(
      { length: Math.max(1, Math.round(sorted.length / STUDENTS_PER_TUTOR)) },
      (_, i) => tutor(key, module, i + 1),
    );
    tutors.push(...runTutors);
    sorted.forEach((registration, i) => {
      const tutorOf = runTutors[Math.floor((i * runTutors.length) / sorted.length)]!;
      students.push(student(registration, tutorOf.id));
    });
  }
  return { faculties, programmes, tutors, students, outcomes: registrations.map(outcome) };
}

function tutor(runKeyText: string, module: string, number: number): Staff {
  const label = `${runKeyText}-${String(number).padStart(2, '0')}`;
  return {
    id: `oulad-tutor-${label}`,
    name: `Tutor ${label}`,
    email: `tutor-${label.toLowerCase()}@example.ac.uk`,
    roles: ['tutor'],
    programmeIds: [programmeIdOf(module)],
  };
}

function student(registration: OuladRegistration, tutorId: string): Student {
  const { module, presentation } = registration.run;
  return {
    id: studentIdOf(registration),
    name: `Student ${registration.idStudent}`,
    email: `student${registration.idStudent}@example.ac.uk`,
    programmeId: programmeIdOf(module),
    facultyId: facultyIdOf(module),
    yearOfStudy: 1,
    cohort: presentation,
    entryBand: ENTRY_BAND[registration.highestEducation],
    studyMode: 'part-time',
    status: 'active',
    tutorId,
  };
}

function outcome(registration: OuladRegistration): StudentOutcome {
  const { run, idStudent, finalResult, registrationDay, unregistrationDay } = registration;
  return {
    studentId: studentIdOf(registration),
    finalResult,
    term: ouladTermLabel(run.presentation),
    unregisteredWeek:
      unregistrationDay === null
        ? null
        : isoWeekOfModuleWeek(run.presentation, moduleWeekOf(unregistrationDay)),
    details: {
      source: 'oulad',
      registration: registrationKey(run.module, run.presentation, idStudent),
      dateRegistration: registrationDay,
      dateUnregistration: unregistrationDay,
    },
  };
}

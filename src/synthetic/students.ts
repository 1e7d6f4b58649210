/**
 * The synthetic student body: names, e-mails, programme and faculty, year of study (mostly years 1–3),
 * intake cohort, entry band, study mode, and a status that is mostly active, with sandwich placements,
 * language years abroad, interruptions and distance learners where a university would have them.
 * Personal tutors are assigned afterwards (staff.ts fills in `tutorId`).
 */
import type { Student, StudentStatus, StudyMode } from '../domain/model.ts';
import { PROGRAMME_SPECS } from './catalogue.ts';
import type { ProgrammeSpec } from './catalogue.ts';
import { FIRST_NAMES, LAST_NAMES, emailSlug } from './names.ts';
import type { Random } from './random.ts';

const YEARS = [1, 2, 3, 4];
const YEAR_WEIGHTS = [0.34, 0.31, 0.27, 0.08];
const ENTRY_BANDS = ['A', 'B', 'C', 'Foundation'];
const ENTRY_BAND_WEIGHTS = [0.3, 0.38, 0.22, 0.1];
const JANUARY_INTAKE_SHARE = 0.04;

function studyModeFor(rng: Random, spec: ProgrammeSpec): StudyMode {
  const partTimeShare = spec.facultyId === 'business' || spec.facultyId === 'health' ? 0.12 : 0.06;
  return rng.chance(partTimeShare) ? 'part-time' : 'full-time';
}

function statusFor(rng: Random, spec: ProgrammeSpec, year: number, mode: StudyMode): StudentStatus {
  if (rng.chance(0.015)) return 'suspended';
  if (mode === 'part-time' && rng.chance(0.2)) return 'distance';
  if (year === 3 && spec.id === 'modern-languages' && rng.chance(0.85)) return 'abroad';
  if (year === 3 && spec.facultyId === 'business' && rng.chance(0.15)) return 'placement';
  if (spec.facultyId === 'health' && (year === 2 || year === 3) && rng.chance(0.04)) return 'placement';
  if (rng.chance(0.004)) return 'abroad';
  return 'active';
}

function studentId(index: number): string {
  return `S${String(index + 1).padStart(7, '0')}`;
}

export function generateStudents(rng: Random, count: number, academicYear: number): Student[] {
  const popularity = PROGRAMME_SPECS.map((spec) => spec.popularity);
  const students: Student[] = [];
  for (let index = 0; index < count; index += 1) {
    const spec = rng.weighted(PROGRAMME_SPECS, popularity);
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const yearOfStudy = rng.weighted(YEARS, YEAR_WEIGHTS);
    const intake = rng.chance(JANUARY_INTAKE_SHARE) ? 'JAN' : 'SEP';
    const studyMode = studyModeFor(rng, spec);
    students.push({
      id: studentId(index),
      name: `${firstName} ${lastName}`,
      email: `${emailSlug(firstName)}.${emailSlug(lastName)}.${index + 1}@student.example.ac.uk`,
      programmeId: spec.id,
      facultyId: spec.facultyId,
      yearOfStudy,
      cohort: `${academicYear - yearOfStudy + 1}-${intake}`,
      entryBand: rng.weighted(ENTRY_BANDS, ENTRY_BAND_WEIGHTS),
      studyMode,
      status: statusFor(rng, spec, yearOfStudy, studyMode),
      tutorId: '',
    });
  }
  return students;
}

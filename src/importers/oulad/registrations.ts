/**
 * A student's registration on one module presentation, as OULAD records it across studentInfo and
 * studentRegistration, and the weeks it is enrolled for: from the registration (or the start) to the
 * unregistration (or the end). Each registration becomes its own Engage student, so someone who took a
 * module twice, or two modules, appears once per registration.
 */
import type { FINAL_RESULTS, HIGHEST_EDUCATION } from './rows.ts';
import { moduleWeekOf, termWeekCount, type ModulePresentation } from './calendar.ts';

export interface OuladRegistration {
  run: ModulePresentation;
  idStudent: number;
  highestEducation: (typeof HIGHEST_EDUCATION)[number];
  finalResult: (typeof FINAL_RESULTS)[number];
  /** Days relative to the start; null when OULAD has no value. */
  registrationDay: number | null;
  unregistrationDay: number | null;
}

/** The key of a module presentation, e.g. "AAA-2013J". */
export function runKey(module: string, presentation: string): string {
  return `${module}-${presentation}`;
}

/** The key of a registration within the import, e.g. "AAA-2013J-11391". */
export function registrationKey(module: string, presentation: string, idStudent: number): string {
  return `${runKey(module, presentation)}-${idStudent}`;
}

/** The Engage student id of a registration, e.g. "OU-11391-AAA-2013J". */
export function studentIdOf(registration: OuladRegistration): string {
  return `OU-${registration.idStudent}-${runKey(registration.run.module, registration.run.presentation)}`;
}

/**
 * The module weeks the registration is enrolled for, as an inclusive range within the term (empty when
 * `from > to`, e.g. for someone who unregistered before the start). The unregistration week still counts.
 */
export function enrolledWeeks(registration: OuladRegistration): { from: number; to: number } {
  const lastTermWeek = termWeekCount(registration.run) - 1;
  const from = Math.max(0, moduleWeekOf(registration.registrationDay ?? 0));
  const to =
    registration.unregistrationDay === null
      ? lastTermWeek
      : Math.min(lastTermWeek, moduleWeekOf(registration.unregistrationDay));
  return { from, to };
}

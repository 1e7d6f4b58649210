/**
 * Which kinds of data a student's engagement is worked out from, in words a student reads: one line per
 * kind of source the institution has switched on, each saying what is counted — always how often, never
 * what was read, written or where someone was.
 */
import type { Source, SourceKind } from '../domain/model.ts';

const WHAT_IS_COUNTED: Record<SourceKind, string> = {
  attendance: 'Attendance: how many of your timetabled sessions were recorded as attended',
  vle: 'The virtual learning environment: how many times you used it, not what you opened',
  teams: 'Microsoft Teams for your course: how often you took part, not what you wrote',
  'lecture-capture': 'Recorded lectures: how many you watched, not which parts',
  library: 'The library: how many loans and visits, not what you borrowed',
  'door-access': 'Building access: how many times your card was used, not where you went',
  'digital-resources': 'Online library resources: how many times you used them, not what you read',
  submissions: 'Coursework: how many pieces were handed in, not their content or marks',
  'student-records': 'Your student record: changes to your registration, nothing you wrote',
  wifi: 'Campus Wi-Fi: how many hours on the campus network, not what you did or where you were',
  gym: 'Sports facilities: how many visits',
};

/** One line per kind of source in use (switched on), in a fixed order, each kind once. */
export function dataKindsInWords(sources: readonly Pick<Source, 'kind' | 'enabled'>[]): string[] {
  const kinds = new Set(sources.filter((source) => source.enabled).map((source) => source.kind));
  return (Object.keys(WHAT_IS_COUNTED) as SourceKind[])
    .filter((kind) => kinds.has(kind))
    .map((kind) => WHAT_IS_COUNTED[kind]);
}

/** Said to every student, whatever the institution's settings. */
export const COUNTS_ONLY =
  'Engage keeps weekly counts only, never the content of anything you read, wrote or watched.';
export const NEVER_FOR_PROGRESSION =
  'This is never used for decisions about your academic progression: it is used only to offer you support.';

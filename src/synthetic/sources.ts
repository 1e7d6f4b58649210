/**
 * The synthetic institution's activity sources: seven campus systems covering all four weight
 * categories, every one covered by the privacy notice and enabled from the first calendar week.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { CATEGORY_OF_KIND } from '../domain/model.ts';
import type { Source, SourceKind } from '../domain/model.ts';

export const SOURCE_IDS = {
  attendance: 'attendance',
  moodle: 'moodle',
  panopto: 'panopto',
  library: 'library-gates',
  door: 'door-access',
  submissions: 'submissions',
  records: 'samis',
} as const;

export type SyntheticSourceId = (typeof SOURCE_IDS)[keyof typeof SOURCE_IDS];

const DEFINITIONS: readonly { id: SyntheticSourceId; name: string; kind: SourceKind }[] = [
  { id: SOURCE_IDS.attendance, name: 'Attendance registers', kind: 'attendance' },
  { id: SOURCE_IDS.moodle, name: 'Moodle VLE logins', kind: 'vle' },
  { id: SOURCE_IDS.panopto, name: 'Panopto lecture capture views', kind: 'lecture-capture' },
  { id: SOURCE_IDS.library, name: 'Library entry swipes', kind: 'library' },
  { id: SOURCE_IDS.door, name: 'Card door access', kind: 'door-access' },
  { id: SOURCE_IDS.submissions, name: 'Coursework submissions', kind: 'submissions' },
  { id: SOURCE_IDS.records, name: 'SAMIS student-records logins', kind: 'student-records' },
];

export function buildSources(firstWeek: IsoWeek): Source[] {
  return DEFINITIONS.map(({ id, name, kind }) => ({
    id,
    name,
    kind,
    category: CATEGORY_OF_KIND[kind],
    enabled: true,
    enabledFromWeek: firstWeek,
    privacyNoticeCovers: true,
    dpiaReference: null,
  }));
}

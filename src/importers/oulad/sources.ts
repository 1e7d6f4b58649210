/**
 * The activity sources an OULAD import feeds: VLE clicks (the daily click counts summed per week), VLE days
 * active (the days of the week with any click: regular work, which a click total hides; the two share the
 * VLE category's weight) and assessment submissions (counted per week of the submission date). All are
 * covered by the privacy notice and in force from the first imported week.
 */
import type { IsoWeek } from '../../domain/isoWeek.ts';
import type { Source } from '../../domain/model.ts';

export const OULAD_SOURCE_IDS = {
  vle: 'oulad-vle',
  vleDays: 'oulad-vle-days',
  submissions: 'oulad-submissions',
} as const;

/** The sources, in force from `firstWeek` or from the earlier week an earlier import enabled them. */
export function ouladSources(firstWeek: IsoWeek, existing: readonly Source[]): Source[] {
  const from = (id: string) => {
    const earlier = existing.find((source) => source.id === id)?.enabledFromWeek;
    return earlier !== undefined && earlier !== null && earlier < firstWeek ? earlier : firstWeek;
  };
  return [
    {
      id: OULAD_SOURCE_IDS.vle,
      name: 'VLE clicks (OULAD)',
      kind: 'vle',
      category: 'vle',
      enabled: true,
      enabledFromWeek: from(OULAD_SOURCE_IDS.vle),
      privacyNoticeCovers: true,
      dpiaReference: null,
    },
    {
      id: OULAD_SOURCE_IDS.vleDays,
      name: 'VLE days active (OULAD)',
      kind: 'vle',
      category: 'vle',
      enabled: true,
      enabledFromWeek: from(OULAD_SOURCE_IDS.vleDays),
      privacyNoticeCovers: true,
      dpiaReference: null,
    },
    {
      id: OULAD_SOURCE_IDS.submissions,
      name: 'Assessment submissions (OULAD)',
      kind: 'submissions',
      category: 'other',
      enabled: true,
      enabledFromWeek: from(OULAD_SOURCE_IDS.submissions),
      privacyNoticeCovers: true,
      dpiaReference: null,
    },
  ];
}

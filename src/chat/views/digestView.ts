/**
 * The Monday digest of one channel, as a view: Declining, At risk (the risk model's flagged students,
 * highest risk first; shown only when the AI layer has predictions), Consistently low and Priority contact, only that channel's students, snoozed students left out and counted, a
 * page of rows per section with buttons to the full lists, the band distribution and shared-cause notes.
 */
import { buildList } from '../../signals/lists.ts';
import { atRiskRule } from '../../weekly/mondayView.ts';
import type { SignalEntry } from '../../weekly/loadSignals.ts';
import type { IsoWeek } from '../../domain/isoWeek.ts';
import { bandsSummary } from './bands.ts';
import { DIGEST_ROWS_PER_SECTION, MAX_SHARED_CAUSE_NOTES } from './displayLimits.ts';
import { AT_RISK, listTitle, sectionPage, type ChatListKind, type SectionKey } from './rows.ts';
import { peerGroupLabel, type Names } from '../context/scope.ts';
import type { Button, DigestView, ImageRef, ListSectionView } from './viewModel.ts';

const SECTIONS: { key: SectionKey; list: ChatListKind; title: string; rule: string }[] = [
  { key: 'declining', list: 'declining', ...listTitle('declining') },
  { key: 'at-risk', list: 'at-risk', ...AT_RISK },
  { key: 'consistently-low', list: 'consistently-low', ...listTitle('consistently-low') },
  { key: 'priority-contact', list: 'priority-contact', ...listTitle('priority-contact') },
];

export interface DigestInput {
  groupLabel: string;
  week: IsoWeek;
  asOf: Date;
  /** The channel's students scored this week, snoozed ones already left out. */
  entries: readonly SignalEntry[];
  snoozedCount: number;
  page: number;
  chart: ImageRef | null;
  names: Names;
  /** The week's suspect feeds, in words (src/feedHealth/feedHealthWeek.ts). */
  feedNotes?: string[];
}

export function buildDigestView(input: DigestInput): DigestView {
  const { entries, page } = input;
  const pageSize = DIGEST_ROWS_PER_SECTION;
  const predicted = entries.some((entry) => entry.trajectory !== undefined);
  const target = entries.find((entry) => entry.risk)?.risk?.target;
  const sections: ListSectionView[] = SECTIONS.filter((spec) => spec.list !== 'at-risk' || predicted)
    .map((spec) =>
      sectionPage({
        key: spec.key,
        title: spec.title,
        rule: spec.list === 'at-risk' && target ? atRiskRule(target) : spec.rule,
        entries: buildList(entries, spec.list),
        page,
        pageSize,
        more: () => ({
          label: `All ${spec.title.toLowerCase()}`,
          action: { op: 'showList', list: spec.list },
        }),
      }),
    )
    // Past the first page, a list whose students all fit on earlier pages is left out, not shown empty.
    .filter((section) => page === 1 || section.rows.length > 0);
  const buttons: Button[] = [];
  if (page > 1) buttons.push({ label: 'Previous page', action: { op: 'showDigest', page: page - 1 } });
  if (sections.some((section) => section.total > page * pageSize)) {
    buttons.push({ label: 'Next page', action: { op: 'showDigest', page: page + 1 } });
  }
  buttons.push({ label: 'Band distribution', action: { op: 'showBands' } });
  return {
    kind: 'digest',
    title: `Monday digest — ${input.groupLabel}`,
    groupLabel: input.groupLabel,
    week: input.week,
    asOf: input.asOf.toISOString().slice(0, 10),
    scored: entries.length,
    sections,
    sharedCauseNotes: sharedCauseNotes(entries, input.names),
    ...(input.feedNotes && input.feedNotes.length > 0 ? { feedNotes: input.feedNotes } : {}),
    distribution: bandsSummary(entries),
    chart: input.chart,
    snoozedCount: input.snoozedCount,
    buttons,
  };
}

/** Peer groups of these students whose activity fell together this week, in words (at most a few). */
export function sharedCauseNotes(entries: readonly SignalEntry[], names: Names): string[] {
  const drops = new Map<string, number>();
  for (const entry of entries) {
    const cause = entry.history.at(-1)?.sharedCause;
    if (cause && entry.history.at(-1)?.week === entry.signals.week) drops.set(cause.peerGroup, cause.drop);
  }
  const notes = [...drops.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([group, drop]) =>
        `${peerGroupLabel(group, names)}: activity fell together this week (${Math.round(drop * 100)}% below usual), ` +
        'so nobody in it is flagged as declining for it',
    );
  if (notes.length <= MAX_SHARED_CAUSE_NOTES) return notes;
  return [
    ...notes.slice(0, MAX_SHARED_CAUSE_NOTES),
    `and ${notes.length - MAX_SHARED_CAUSE_NOTES} more peer groups`,
  ];
}

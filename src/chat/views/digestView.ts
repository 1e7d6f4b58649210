/**
 * The Monday digest of one channel, as a view: Declining, At risk (the risk model's flagged students,
 * highest risk first; shown only when the AI layer has predictions), Consistently low and Priority contact, only that channel's students, snoozed students left out and counted, a
 * page of rows per section with buttons to the full lists, the band distribution and shared-cause notes.
 * Students needing action come first in every list (digestOrder.ts); exempt and claimed-and-contacted
 * students are counted, not listed; a programme channel's rows are grouped by tutor (digestTutors.ts).
 */
import { buildList } from '../../signals/lists.ts';
import { atRiskRule } from '../../weekly/mondayView.ts';
import type { SignalEntry } from '../../weekly/loadSignals.ts';
import type { IsoWeek } from '../../domain/isoWeek.ts';
import { bandsSummary } from './bands.ts';
import { DIGEST_ROWS_PER_SECTION, MAX_DIGEST_TUTORS, MAX_SHARED_CAUSE_NOTES } from './displayLimits.ts';
import { actionFirst, needsAction, type DigestClaims } from './digestOrder.ts';
import { groupedByTutor, tutorCounts, tutorName } from './digestTutors.ts';
import { AT_RISK, listTitle, sectionPage, type ChatListKind, type SectionKey } from './rows.ts';
import { peerGroupLabel, type Names } from '../context/scope.ts';
import type { Button, DigestTutorsView, DigestView, ImageRef, ListSectionView } from './viewModel.ts';

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
  /** Rows per section on a page: the channel's own setting, else DIGEST_ROWS_PER_SECTION. */
  rowsPerSection?: number;
  /** Claimed students by id: claimed and contacted ones are counted, not listed; the others listed later. */
  claims?: DigestClaims;
  /** Students exempt with a known reason: counted, not listed. */
  exemptStudentIds?: ReadonlySet<string>;
  /** A programme channel: rows grouped by personal tutor, with each tutor's counts. */
  groupByTutor?: boolean;
  /** The week's suspect feeds, in words (src/feedHealth/feedHealthWeek.ts). */
  feedNotes?: string[];
}

export function buildDigestView(input: DigestInput): DigestView {
  const { entries, page } = input;
  const pageSize = input.rowsPerSection ?? DIGEST_ROWS_PER_SECTION;
  const claims: DigestClaims = input.claims ?? new Map();
  const exempt = input.exemptStudentIds ?? new Set<string>();
  const predicted = entries.some((entry) => entry.trajectory !== undefined);
  const target = entries.find((entry) => entry.risk)?.risk?.target;
  const notListed = { claimedAndContacted: 0, knownReason: 0 };
  const listable = entries.filter((entry) => {
    const id = entry.student.id;
    if (exempt.has(id)) notListed.knownReason += 1;
    else if (claims.get(id)?.state === 'claimed-and-contacted') notListed.claimedAndContacted += 1;
    else return true;
    return false;
  });
  const specs = SECTIONS.filter((spec) => spec.list !== 'at-risk' || predicted);
  const lists = specs.map((spec) => actionFirst(buildList(listable, spec.list), claims));
  const tutors = input.groupByTutor
    ? tutorCounts([...new Set(lists.flat())], (entry) => needsAction(entry, claims), input.names)
    : null;
  const order = tutors?.map((tutor) => tutor.tutorId) ?? [];
  const tutorOf = tutors && new Map(listable.map((entry) => [entry.student.id, entry.student.tutorId]));
  const sections: ListSectionView[] = specs
    .map((spec, index) => {
      const list = lists[index] ?? [];
      const section = sectionPage({
        key: spec.key,
        title: spec.title,
        rule: spec.list === 'at-risk' && target ? atRiskRule(target) : spec.rule,
        entries: tutors ? groupedByTutor(list, order) : list,
        page,
        pageSize,
        more: () => ({
          label: `All ${spec.title.toLowerCase()}`,
          action: { op: 'showList', list: spec.list },
        }),
      });
      return tutorOf ? withTutors(section, tutorOf, input.names) : section;
    })
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
    ...((notListed.claimedAndContacted > 0 || notListed.knownReason > 0) && { notListed }),
    ...(tutors && { byTutor: tutorsView(tutors) }),
    buttons,
  };
}

function tutorsView(tutors: ReturnType<typeof tutorCounts>): DigestTutorsView {
  return {
    tutors: tutors
      .slice(0, MAX_DIGEST_TUTORS)
      .map(({ name, needsAction, listed }) => ({ name, needsAction, listed })),
    moreTutors: Math.max(0, tutors.length - MAX_DIGEST_TUTORS),
  };
}

/** The section's rows, each naming the student's personal tutor. */
function withTutors(
  section: ListSectionView,
  tutorOf: ReadonlyMap<string, string>,
  names: Names,
): ListSectionView {
  return {
    ...section,
    rows: section.rows.map((row) => ({ ...row, tutor: tutorName(tutorOf.get(row.studentId) ?? '', names) })),
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

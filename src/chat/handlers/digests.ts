/**
 * Digests, lists and bands for a viewer in a place, and the digests of many linked channels at once for
 * posting. Everything reads one shared snapshot of the week's signals and slices it by the channel's group
 * (or the viewer's own tutees and programmes). Interactive views of named rows are audited row by row.
 */
import { interventionOutcomes } from '../../cases/outcomes.ts';
import type { IsoWeek } from '../../domain/isoWeek.ts';
import type { ScoreBand } from '../../domain/model.ts';
import { scorecardOf } from '../../prediction/scorecard.ts';
import { namesStudents, type ChannelLink } from '../../repositories/channelLinks.ts';
import type { SignalEntry } from '../../weekly/loadSignals.ts';
import { seesNames, type Viewer } from '../context/access.ts';
import { buildBandListView, buildBandsView, bandsSummary } from '../views/bands.ts';
import type { ChatCore } from '../core.ts';
import { buildDigestView } from '../views/digestView.ts';
import { buildGovernanceView, OUTCOME_WINDOW_DAYS, withSmallBandsSuppressed } from '../views/governance.ts';
import { SUPPRESSED_COUNT } from '../views/viewFormat.ts';
import { OWN_CASES_LIMIT } from '../views/displayLimits.ts';
import { buildListView } from '../views/listView.ts';
import { denied, NOTHING_SCORED } from '../views/notices.ts';
import type { ChatListKind } from '../views/rows.ts';
import { groupScope, viewerScope, type StudentScope } from '../context/scope.ts';
import type { WeekSignals } from '../context/weekSnapshot.ts';
import { markContextNotes } from '../../students/digestMarker.ts';
import { markExemptions, type DigestExemptions } from '../../exemptions/digestMarks.ts';
import { sourceStatus } from '../../ingest/sourceAdmin.ts';
import type { ClaimState } from '../../repositories/claims.ts';
import { claimClock, LAPSED_NOTICE_MS, markClaims } from '../views/claimMarks.ts';
import {
  digestFeedHealth,
  withoutFeedOnlyDeclines,
  type DigestFeedHealth,
} from '../../feedHealth/feedHealthWeek.ts';
import type {
  BandsSummary,
  DigestView,
  GovernanceView,
  ListSectionView,
  NoticeView,
  StudentListView,
  View,
} from '../views/viewModel.ts';

const NAMES_DENIED: NoticeView = denied(
  'Your role sees aggregate figures only: named lists are for tutors and student support. Try "bands" or "digest".',
);

/** The whole institution, for managers and administrators with no channel group. */
const INSTITUTION: StudentScope = { label: 'the whole institution', includes: () => true };

async function bandsChart(core: ChatCore, summary: BandsSummary) {
  return core.chart((charts) =>
    charts.bands(
      summary.bands.map((b) => ({
        label: b.suppressed ? `${b.label} (${SUPPRESSED_COUNT})` : b.label,
        count: b.count,
      })),
    ),
  );
}

async function auditRows(
  core: ChatCore,
  viewer: Viewer,
  sections: ListSectionView[],
  action: string,
  now: Date,
) {
  const ids = new Set(sections.flatMap((section) => section.rows.map((row) => row.studentId)));
  await Promise.all(
    [...ids].map((studentId) =>
      core.repos.audit.record({ at: now, actor: viewer.staff.id, studentId, action, where: viewer.where }),
    ),
  );
}

/** The viewer's scope, reading a caseworker's own open cases when that is what it is made of. */
async function scopeOf(core: ChatCore, viewer: Viewer, options: { ignoreLink?: boolean } = {}) {
  const scoped = options.ignoreLink ? { ...viewer, link: null } : viewer;
  const reference = await core.reference.get();
  const needsCases =
    !viewer.roles.has('tutor') &&
    viewer.roles.has('caseworker') &&
    (scoped.link === null || scoped.link.group.kind === 'managers');
  if (!needsCases) return viewerScope(scoped, reference);
  const cases = await core.repos.cases.listCases({ ownerId: viewer.staff.id }, OWN_CASES_LIMIT);
  const active = cases.filter((c) => c.status !== 'closed').map((c) => c.studentId);
  return viewerScope(scoped, reference, new Set(active));
}

function inScope(week: WeekSignals, scope: StudentScope): SignalEntry[] {
  return week.scored.filter((entry) => scope.includes(entry.student));
}

/** The institution's governance summary for the latest scored week (what `engage governance summary` prints). */
export async function governanceSummaryFor(core: ChatCore, now: Date): Promise<View> {
  const week = await core.snapshots.get(now);
  return week ? governance(core, week, now) : NOTHING_SCORED;
}

/** Managers (and a managers' channel) get the governance summary; everyone else this channel's digest. */
export async function digestFor(core: ChatCore, viewer: Viewer, page: number, now: Date): Promise<View> {
  const week = await core.snapshots.get(now);
  if (!week) return NOTHING_SCORED;
  if (viewer.link?.group.kind === 'managers' || !seesNames(viewer)) {
    return governance(core, week, now);
  }
  const scope = await scopeOf(core, viewer);
  const snoozed = viewer.link
    ? await core.repos.snoozes.snoozedIn(viewer.place.platform, viewer.place.channelId, now)
    : new Set<string>();
  const noted = await core.repos.contextNotes.studentsWithCurrentNotes(core.localDate(now));
  const entries = inScope(week, scope);
  const [claims, exemptions, feed] = await Promise.all([
    core.repos.claims.claimsAt(
      entries.map((entry) => entry.student.id),
      now,
      LAPSED_NOTICE_MS,
    ),
    exemptionsOn(core, now),
    weekFeedHealth(core, week, now),
  ]);
  const listed = await digestOf(core, week, scope.label, entries, snoozed, page, noted, {
    link: viewer.link,
    claims,
    exemptions,
    feed,
  });
  const view = await withClaims(core, listed, page, now, viewer.timeZone, claims);
  await auditRows(core, viewer, view.sections, 'view-digest', now);
  return view;
}

/** The week's feed health, worked out once per snapshot of the week's signals (reused as long as it is). */
const feedHealthOfSnapshot = new WeakMap<WeekSignals, Promise<DigestFeedHealth>>();

function weekFeedHealth(core: ChatCore, week: WeekSignals, now: Date): Promise<DigestFeedHealth> {
  let health = feedHealthOfSnapshot.get(week);
  if (!health) {
    health = digestFeedHealth(core.repos, week.snapshot.week, week.scored, now);
    // A failed read is tried again by the next digest, not remembered.
    health.catch(() => feedHealthOfSnapshot.delete(week));
    feedHealthOfSnapshot.set(week, health);
  }
  return health;
}

async function digestOf(
  core: ChatCore,
  week: WeekSignals,
  label: string,
  entries: SignalEntry[],
  snoozed: ReadonlySet<string>,
  page: number,
  /** Students with a current context note: their rows carry the marker. */
  noted: ReadonlySet<string>,
  channel: {
    /** The channel's link: its rows per list, and a programme channel's rows grouped by tutor. */
    link: ChannelLink | null;
    /** The students' latest claims (a lapsed one is no claim: the student is unclaimed again). */
    claims: ReadonlyMap<string, ClaimState>;
    /** Students exempt today are counted, not listed; those just back are marked returning. */
    exemptions: DigestExemptions;
    /** The week's suspect feeds: one line, and the declines they alone explain (not listed as declining). */
    feed: DigestFeedHealth;
  },
): Promise<DigestView> {
  const { link, claims, exemptions, feed } = channel;
  const unsnoozed = snoozed.size === 0 ? entries : entries.filter((entry) => !snoozed.has(entry.student.id));
  const shown = withoutFeedOnlyDeclines(unsnoozed, feed.feedOnly);
  const reference = await core.reference.get();
  const view = buildDigestView({
    groupLabel: label,
    week: week.snapshot.week,
    asOf: week.snapshot.asOf,
    entries: shown,
    snoozedCount: entries.length - unsnoozed.length,
    page,
    chart: await bandsChart(core, bandsSummary(shown)),
    names: reference,
    ...(link?.digestRows !== undefined && { rowsPerSection: link.digestRows }),
    claims,
    exemptStudentIds: new Set(exemptions.exempt.keys()),
    groupByTutor: link?.group.kind === 'programme',
    feedNotes: feed.notes,
  });
  return markExemptions(markContextNotes(view, noted), exemptions);
}

/** Who is exempt on the digest's day and who is returning (repositories/exemptions.ts). */
async function exemptionsOn(core: ChatCore, now: Date): Promise<DigestExemptions> {
  const today = core.localDate(now);
  const [exempt, returning] = await Promise.all([
    core.repos.exemptions.exemptOn(today),
    core.repos.exemptions.returningOn(today),
  ]);
  return { exempt, returning };
}

/** The digest with each listed student's claim (who is contacting them) and claim button on their row. */
async function withClaims(
  core: ChatCore,
  view: DigestView,
  page: number,
  now: Date,
  timeZone?: string,
  claims?: ReadonlyMap<string, ClaimState>,
): Promise<DigestView> {
  const listed = view.sections.flatMap((section) => section.rows.map((row) => row.studentId));
  const states = claims ?? (await core.repos.claims.claimsAt(listed, now, LAPSED_NOTICE_MS));
  return markClaims(view, states, page, claimClock(core, now, timeZone));
}

/** Managers see the whole institution, in aggregate. */
async function governance(core: ChatCore, week: WeekSignals, now: Date): Promise<GovernanceView> {
  const entries = week.scored;
  const since = new Date(now.getTime() - OUTCOME_WINDOW_DAYS * 86_400_000);
  const [chart, outcomes, model, sources] = await Promise.all([
    bandsChart(core, withSmallBandsSuppressed(bandsSummary(entries))),
    interventionOutcomes(core.repos, { now, since }),
    core.repos.riskModels.active(),
    sourceStatus(core.repos, now),
  ]);
  return buildGovernanceView({
    scopeLabel: INSTITUTION.label,
    week: week.snapshot.week,
    entries,
    chart,
    outcomes,
    scorecard: model && scorecardOf(model.versionId, model.document),
    dataQuality: sources
      .filter((source) => source.enabled)
      .map((source) => ({
        name: source.name,
        freshness: source.freshness,
        overall: source.quality[0]?.overall ?? null,
        flagged: source.flagged,
      })),
  });
}

export async function listFor(
  core: ChatCore,
  viewer: Viewer,
  list: ChatListKind,
  page: number,
  now: Date,
): Promise<View> {
  return namedListFor(core, viewer, now, `view-list:${list}`, (scoped) =>
    buildListView({ ...scoped, list, page }),
  );
}

export async function bandsFor(core: ChatCore, viewer: Viewer, now: Date): Promise<View> {
  const week = await core.snapshots.get(now);
  if (!week) return NOTHING_SCORED;
  const names = seesNames(viewer);
  const scope = names ? await scopeOf(core, viewer) : INSTITUTION;
  const entries = inScope(week, scope);
  return buildBandsView({
    scopeLabel: scope.label,
    week: week.snapshot.week,
    entries,
    chart: await bandsChart(core, bandsSummary(entries)),
    drillIn: names,
  });
}

export async function bandFor(
  core: ChatCore,
  viewer: Viewer,
  band: ScoreBand,
  page: number,
  now: Date,
): Promise<View> {
  return namedListFor(core, viewer, now, 'view-band', (scoped) =>
    buildBandListView({ ...scoped, band, page }),
  );
}

/** A list of named students in the viewer's scope this week, built by `build`; its rows are audited. */
async function namedListFor(
  core: ChatCore,
  viewer: Viewer,
  now: Date,
  auditAction: string,
  build: (scoped: { scopeLabel: string; week: IsoWeek; entries: SignalEntry[] }) => StudentListView,
): Promise<View> {
  if (!seesNames(viewer)) return NAMES_DENIED;
  const week = await core.snapshots.get(now);
  if (!week) return NOTHING_SCORED;
  const scope = await scopeOf(core, viewer);
  const view = build({ scopeLabel: scope.label, week: week.snapshot.week, entries: inScope(week, scope) });
  await auditRows(core, viewer, [view.section], auditAction, now);
  return view;
}

/** The home tab: the viewer's own priority-contact list (their tutees and programmes). */
export async function homeFor(core: ChatCore, viewer: Viewer, now: Date): Promise<View> {
  const week = await core.snapshots.get(now);
  if (!week) return NOTHING_SCORED;
  if (!seesNames(viewer)) return governance(core, week, now);
  const scope = await scopeOf(core, viewer, { ignoreLink: true });
  const view = buildListView({
    scopeLabel: scope.label,
    week: week.snapshot.week,
    entries: inScope(week, scope),
    list: 'priority-contact',
    page: 1,
  });
  await auditRows(core, viewer, [view.section], 'view-home', now);
  return view;
}

export interface LinkedDigest {
  link: ChannelLink;
  view: DigestView | GovernanceView;
}

/**
 * The digest of every linked channel (the governance summary for managers' channels): the week's signals
 * (afresh) and every channel's snoozes are read once, then sliced per channel. Null when nothing is
 * scored yet. Posted digests name no viewer, so their rows are not audited as looks; opening a student
 * from one is.
 */
export async function buildDigests(
  core: ChatCore,
  links: readonly ChannelLink[],
  now: Date,
): Promise<LinkedDigest[] | null> {
  // Posting reads the week afresh: the scoring run may have finished since the shared snapshot was read.
  core.snapshots.invalidate();
  const [week, reference, snoozes, noted, claims, exemptions] = await Promise.all([
    core.snapshots.get(now),
    core.reference.get(),
    core.repos.snoozes.allSnoozed(now),
    core.repos.contextNotes.studentsWithCurrentNotes(core.localDate(now)),
    core.repos.claims.claimsAt(null, now, LAPSED_NOTICE_MS),
    exemptionsOn(core, now),
  ]);
  if (!week) return null;
  const feed = await weekFeedHealth(core, week, now);
  const byTutor = new Map<string, SignalEntry[]>();
  const byProgramme = new Map<string, SignalEntry[]>();
  for (const entry of week.scored) {
    const { tutorId, programmeId } = entry.student;
    append(byTutor, tutorId, entry);
    append(byProgramme, programmeId, entry);
  }
  const results: LinkedDigest[] = [];
  let governanceView: GovernanceView | null = null;
  for (const link of links) {
    const { group } = link;
    if (group.kind === 'managers') {
      governanceView ??= await governance(core, week, now);
      results.push({ link, view: governanceView });
      continue;
    }
    // The admins' channel gets feed-health cards, not a digest.
    if (!namesStudents(group)) continue;
    const scope = groupScope(group, reference);
    const candidates =
      group.kind === 'tutor' ? byTutor.get(group.staffId) : byProgramme.get(group.programmeId);
    const entries = (candidates ?? []).filter((entry) => scope.includes(entry.student));
    const snoozed = snoozes.get(`${link.platform}:${link.channelId}`) ?? new Set<string>();
    const listed = await digestOf(core, week, scope.label, entries, snoozed, 1, noted, {
      link,
      claims,
      exemptions,
      feed,
    });
    results.push({ link, view: await withClaims(core, listed, 1, now, undefined, claims) });
  }
  return results;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

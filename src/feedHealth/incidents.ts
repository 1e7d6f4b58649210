/**
 * Feed incidents (docs/feed-health.md), as a pure function of the sources' delivery logs, their quality
 * figures, the week's shared causes and the time: a source stale against its cadence (its next delivery
 * more than 48 hours overdue), a week's data quality below 80 %, a delivery held by the volume guard, a
 * peer group's shared cause. Each incident has a stable key, so the job that posts it to the admins'
 * channel posts each incident once however often it runs. Also, per week, what the tutors' digest says
 * about the feeds that week (late, missing, poor or held data).
 */
import { addWeeks, isoWeekOf, isoWeekStart, type IsoWeek } from '../domain/isoWeek.ts';
import type { SharedCause, SourceOwner } from '../domain/model.ts';
import { QUALITY_FLAG_BELOW, STALE_AFTER_HOURS, type WeekQuality } from '../ingest/quality.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** What the detection needs of a logged delivery (a DeliveryRecord satisfies it). */
export interface FeedDelivery {
  id: string;
  name: string;
  receivedAt: Date;
  status: string;
  rows: number;
  good: number;
  reason: string | null;
  weeks: readonly { week: IsoWeek }[];
}

/** One enabled source as the detection sees it. */
export interface SourceFeed {
  id: string;
  name: string;
  owner: SourceOwner | null;
  expectedDeliveriesPerWeek: number;
  /** Its logged deliveries, any order. */
  deliveries: readonly FeedDelivery[];
  /** Its weekly quality, newest week first (src/ingest/quality.ts). */
  quality: readonly WeekQuality[];
}

interface IncidentBase {
  /** Stable across runs: the posting ledger's key for this incident's card. */
  key: `feed:${string}`;
  /** The week the incident belongs to (the ledger's week). */
  week: IsoWeek;
  /** What happened, in one sentence. */
  what: string;
}

export type FeedIncident =
  | (IncidentBase & { kind: 'stale'; source: SourceFeed; overdueHours: number; lastDeliveryAt: Date })
  | (IncidentBase & { kind: 'low-quality'; source: SourceFeed; quality: WeekQuality })
  | (IncidentBase & { kind: 'held'; source: SourceFeed; delivery: FeedDelivery })
  | (IncidentBase & { kind: 'shared-cause'; cause: SharedCause });

export interface IncidentInput {
  now: Date;
  /** The latest scored week: the week whose quality and shared causes are judged. */
  week: IsoWeek;
  sources: readonly SourceFeed[];
  sharedCauses: readonly SharedCause[];
}

/** The last applied delivery with good rows: what freshness is measured from. */
function lastGoodDelivery(source: SourceFeed): FeedDelivery | null {
  let last: FeedDelivery | null = null;
  for (const delivery of source.deliveries) {
    if (delivery.status !== 'applied' || delivery.good <= 0) continue;
    if (!last || delivery.receivedAt > last.receivedAt) last = delivery;
  }
  return last;
}

/**
 * Hours the source's next delivery is overdue: the time since its last good delivery less the interval
 * its cadence allows (a week over its expected deliveries a week). Null when it never delivered.
 */
function overdueHours(source: SourceFeed, now: Date): number | null {
  const last = lastGoodDelivery(source);
  if (!last) return null;
  const due = last.receivedAt.getTime() + WEEK_MS / source.expectedDeliveriesPerWeek;
  return (now.getTime() - due) / HOUR_MS;
}

export function detectFeedIncidents(input: IncidentInput): FeedIncident[] {
  const incidents: FeedIncident[] = [];
  for (const source of input.sources) {
    const overdue = overdueHours(source, input.now);
    const last = lastGoodDelivery(source);
    if (overdue !== null && last && overdue > STALE_AFTER_HOURS) {
      const staleSince = new Date(input.now.getTime() - (overdue - STALE_AFTER_HOURS) * HOUR_MS);
      incidents.push({
        kind: 'stale',
        key: `feed:stale:${source.id}:${last.id}`,
        week: isoWeekOf(staleSince),
        source,
        overdueHours: Math.floor(overdue),
        lastDeliveryAt: last.receivedAt,
        what:
          `${source.name} is stale: its last delivery arrived ${daysAgo(last.receivedAt, input.now)} and the ` +
          `next was due ${describeHours(overdue)} ago (${cadence(source.expectedDeliveriesPerWeek)}).`,
      });
    }
    const quality = source.quality.find((entry) => entry.week === input.week);
    if (quality && quality.overall < QUALITY_FLAG_BELOW) {
      incidents.push({
        kind: 'low-quality',
        key: `feed:quality:${source.id}:${input.week}`,
        week: input.week,
        source,
        quality,
        what:
          `${source.name}'s data for ${input.week} is ${quality.overall}% good, below ${QUALITY_FLAG_BELOW}% ` +
          `(complete ${percent(quality.completeness)}, valid ${percent(quality.validity)}, ` +
          `on time ${percent(quality.timeliness)}).`,
      });
    }
    for (const delivery of source.deliveries) {
      if (delivery.status !== 'held') continue;
      incidents.push({
        kind: 'held',
        key: `feed:held:${source.id}:${delivery.id}`,
        week: isoWeekOf(delivery.receivedAt),
        source,
        delivery,
        what:
          `${source.name}'s delivery ${delivery.name} (${delivery.rows} rows) is held by the volume guard: ` +
          `${delivery.reason ?? 'its size is unusual'}. Its counts wait for an administrator.`,
      });
    }
  }
  for (const cause of input.sharedCauses) {
    if (cause.week !== input.week) continue;
    incidents.push({
      kind: 'shared-cause',
      key: `feed:shared:${cause.peerGroup}:${cause.week}`,
      week: cause.week,
      cause,
      what:
        `A shared cause in ${cause.week}: the peer group's activity fell together ` +
        `(${Math.round(cause.drop * 100)}% below its usual level), so nobody in it is flagged as declining ` +
        'for it. Check whether a feed broke or the week was unusual (exams, a cancelled event).',
    });
  }
  return incidents;
}

/** A source whose data for a week cannot be trusted for the tutors' digest, and why in words. */
export interface WeekFeedProblem {
  sourceId: string;
  sourceName: string;
  /** "Moodle data for this week arrived 3 days late". */
  sentence: string;
}

/**
 * The sources whose data for `week` is suspect: not arrived although due (the week's end plus 48 hours)
 * or while the feed is stale, arrived late (after that), below 80 % quality, or waiting in a held delivery.
 */
export function weekFeedProblems(
  sources: readonly SourceFeed[],
  week: IsoWeek,
  now: Date,
): WeekFeedProblem[] {
  const due = isoWeekStart(addWeeks(week, 1)).getTime() + STALE_AFTER_HOURS * HOUR_MS;
  const problems: WeekFeedProblem[] = [];
  for (const source of sources) {
    // A source never fed through the delivery log (imported counts) has no arrival to judge.
    if (source.deliveries.length === 0) continue;
    const covering = source.deliveries.filter((delivery) =>
      delivery.weeks.some((entry) => entry.week === week),
    );
    const applied = covering.filter((delivery) => delivery.status === 'applied' && delivery.good > 0);
    const held = covering.some((delivery) => delivery.status === 'held');
    const quality = source.quality.find((entry) => entry.week === week);
    const firstArrival = Math.min(...applied.map((delivery) => delivery.receivedAt.getTime()));
    const overdue = overdueHours(source, now) ?? 0;
    let sentence: string | null = null;
    if (held) sentence = `${source.name} data for this week is held for an administrator's approval`;
    // Before the week's own deadline, a feed already stale (a daily feed silent for days) is missing too.
    else if (applied.length === 0 && now.getTime() <= due && overdue > STALE_AFTER_HOURS)
      sentence = `${source.name} data for this week has not arrived (the feed is ${describeHours(overdue)} overdue)`;
    else if (applied.length === 0 && now.getTime() > due)
      sentence = `${source.name} data for this week has not arrived (due ${describeHours((now.getTime() - due) / HOUR_MS)} ago)`;
    else if (applied.length > 0 && firstArrival > due)
      sentence = `${source.name} data for this week arrived ${describeHours((firstArrival - due) / HOUR_MS)} late`;
    else if (quality && quality.overall < QUALITY_FLAG_BELOW)
      sentence = `${source.name} data for this week is only ${quality.overall}% good`;
    if (sentence) problems.push({ sourceId: source.id, sourceName: source.name, sentence });
  }
  return problems;
}

/** "3 days" from 72 hours; "20 hours" below two days. */
function describeHours(hours: number): string {
  if (hours < 48) {
    const whole = Math.max(1, Math.round(hours));
    return `${whole} hour${whole === 1 ? '' : 's'}`;
  }
  const days = Math.round(hours / 24);
  return `${days} days`;
}

function daysAgo(at: Date, now: Date): string {
  return `${describeHours((now.getTime() - at.getTime()) / HOUR_MS)} ago`;
}

function cadence(perWeek: number): string {
  return perWeek === 1 ? 'expected weekly' : `expected ${perWeek} times a week`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

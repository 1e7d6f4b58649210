/**
 * `ingestDelivery`: the one entry point every connector hands its deliveries to (the contract is in
 * src/ingest/delivery.ts). It claims the delivery's fingerprint in the delivery log before anything else
 * (a unique key), so a re-delivery, or the same delivery arriving twice at once, is skipped; a delivery
 * left `processing` by a crash is run again, its increments added exactly once (see
 * measures.addMeasures); streams the content
 * into weekly counts, quarantining every row it cannot count; holds a delivery of unusual volume for
 * approval; otherwise applies the counts (a snapshot replaces the weeks it covers, zero for enrolled
 * students without rows; an increment adds) and logs the delivery for the data-quality figures.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { WeeklyMeasure } from '../domain/model.ts';
import type { DeliveryRecord, DeliveryWeek, WeekColumn } from '../repositories/deliveries.ts';
import type { Repositories } from '../repositories/index.ts';
import { dayOfDate, isoWeekOfWeekNumber } from './days.ts';
import type { Delivery } from './delivery.ts';
import type { FeedConfig } from './feeds.ts';
import { KeyIndex } from './keyIndex.ts';
import { reduceContent } from './reduce.ts';
import { countAt, scheduledAt, seenAt, type WeeklyTally } from './tally.ts';
import { checkVolume, VOLUME_HISTORY } from './volumeGuard.ts';

export type IngestStatus = 'applied' | 'held' | 'rejected' | 'duplicate';

export interface IngestOutcome {
  sourceId: string;
  deliveryId: string;
  name: string;
  status: IngestStatus;
  rows: number;
  good: number;
  quarantined: number;
  /** Distinct enrolled students with a good row. */
  students: number;
  weeks: IsoWeek[];
  /** Why it was rejected or held; for a duplicate, what became of the first delivery. */
  reason: string | null;
}

/** The delivery cannot be taken at all (an unknown source, a source without a feed configuration). */
export class IngestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestError';
  }
}

export async function ingestDelivery(repos: Repositories, delivery: Delivery): Promise<IngestOutcome> {
  const { feed, targets } = await feedFor(repos, delivery.sourceId);
  if (feed.format === 'attendance' && delivery.mode === 'increment') {
    throw new IngestError('attendance deliveries must be snapshots (sessions attended of scheduled)');
  }
  const key = deliveryKey(delivery.sourceId, delivery.id);
  const record = processingRecord(delivery);
  if (running.has(key))
    return { ...outcomeOf(record), status: 'duplicate', reason: 'already being delivered' };
  running.add(key);
  try {
    if (!(await repos.deliveries.claim(record))) {
      const previous = await repos.deliveries.find(delivery.sourceId, delivery.id);
      if (previous && previous.status !== 'processing') {
        return {
          ...outcomeOf(previous),
          status: 'duplicate',
          reason: `already delivered: ${previous.status}`,
        };
      }
      // Left processing by a run that stopped: run it again from the start.
      await repos.quarantine.clearDelivery(delivery.sourceId, delivery.id);
    }
    return await ingestClaimed(repos, delivery, feed, targets, record);
  } finally {
    running.delete(key);
  }
}

/** A delivery's log entry as it is claimed: processing, nothing counted yet. */
export function processingRecord(
  delivery: Pick<Delivery, 'sourceId' | 'id' | 'name' | 'mode' | 'receivedAt'>,
): DeliveryRecord {
  return {
    sourceId: delivery.sourceId,
    id: delivery.id,
    name: delivery.name,
    mode: delivery.mode,
    receivedAt: delivery.receivedAt,
    status: 'processing',
    rows: 0,
    good: 0,
    quarantined: 0,
    students: 0,
    weeks: [],
    reason: null,
    appliedAt: null,
  };
}

/** Deliveries being ingested by this process, by key: the same delivery arriving again meanwhile is skipped. */
const running = new Set<string>();

/** The key an increment's counts are added under: its source and fingerprint. */
function deliveryKey(sourceId: string, deliveryId: string): string {
  return `${sourceId}\u0000${deliveryId}`;
}

async function ingestClaimed(
  repos: Repositories,
  delivery: Delivery,
  feed: FeedConfig,
  targets: string[],
  record: DeliveryRecord,
): Promise<IngestOutcome> {
  const studentIds = await repos.institution.studentIds();
  const students = new KeyIndex(studentIds);
  const sources = new KeyIndex(targets);

  const reduction = await reduceContent(delivery.content, {
    feed,
    name: delivery.name,
    students,
    sources,
    lastDay: dayOfDate(delivery.receivedAt) + 1,
    quarantine: (rows) => repos.quarantine.add(delivery.sourceId, delivery.id, rows, delivery.receivedAt),
  });
  const { tally } = reduction;
  Object.assign(record, {
    rows: reduction.rows,
    good: reduction.good,
    quarantined: reduction.quarantined,
    students: tally.studentsSeen(),
    weeks: tally.weeks.map((week): DeliveryWeek => ({
      week: isoWeekOfWeekNumber(week),
      rows: tally.rowsInWeek(week),
      students: tally.studentsInWeek(week),
    })),
  });

  if (reduction.rejected !== null) {
    await repos.deliveries.save({ ...record, status: 'rejected', reason: reduction.rejected });
    return { ...outcomeOf(record), status: 'rejected', reason: reduction.rejected };
  }
  const columns = weekColumns(tally, students, sources, feed, delivery.mode === 'snapshot');
  // Increments (xAPI statements, event pages) come in any size: only snapshots have a usual volume.
  const volume =
    delivery.mode === 'snapshot'
      ? checkVolume(record.rows, await repos.deliveries.recentAppliedRows(delivery.sourceId, VOLUME_HISTORY))
      : ({ hold: false } as const);
  if (volume.hold) {
    await repos.deliveries.hold(delivery.sourceId, delivery.id, columns);
    await repos.deliveries.save({ ...record, status: 'held', reason: volume.reason });
    return { ...outcomeOf(record), status: 'held', reason: volume.reason };
  }
  const key = deliveryKey(delivery.sourceId, delivery.id);
  await applyColumns(repos, columns, delivery.mode, key);
  await repos.deliveries.save({ ...record, status: 'applied', appliedAt: new Date() });
  if (delivery.mode === 'increment') await forgetIncrement(repos, columns, key);
  return { ...outcomeOf(record), status: 'applied' };
}

/** Applies a held delivery's counts (an administrator approved it). */
export async function approveDelivery(
  repos: Repositories,
  sourceId: string,
  deliveryId: string,
): Promise<void> {
  const record = await repos.deliveries.find(sourceId, deliveryId);
  if (!record || record.status !== 'held')
    throw new IngestError(`delivery ${deliveryId} is not held for approval`);
  const columns = await repos.deliveries.heldColumns(sourceId, deliveryId);
  const key = deliveryKey(sourceId, deliveryId);
  await applyColumns(repos, columns, record.mode, key);
  await repos.deliveries.save({ ...record, status: 'applied', appliedAt: new Date() });
  if (record.mode === 'increment') await forgetIncrement(repos, columns, key);
  await repos.deliveries.dropHeld(sourceId, deliveryId);
}

/** Drops a held delivery's counts without applying them; the delivery stays logged as discarded. */
export async function discardDelivery(
  repos: Repositories,
  sourceId: string,
  deliveryId: string,
): Promise<void> {
  const record = await repos.deliveries.find(sourceId, deliveryId);
  if (!record || record.status !== 'held')
    throw new IngestError(`delivery ${deliveryId} is not held for approval`);
  await repos.deliveries.save({ ...record, status: 'discarded' });
  await repos.deliveries.dropHeld(sourceId, deliveryId);
}

/** The feed configuration of a source, and the Engage sources its counts may go to (its own first). */
export async function feedFor(
  repos: Repositories,
  sourceId: string,
): Promise<{ feed: FeedConfig; targets: string[] }> {
  const known = new Set((await repos.sources.listSources()).map((source) => source.id));
  if (!known.has(sourceId)) throw new IngestError(`unknown source "${sourceId}"`);
  const feed = await repos.feeds.feed(sourceId);
  if (!feed)
    throw new IngestError(`source "${sourceId}" has no feed configuration (engage sources configure)`);
  const targets = [...new Set([sourceId, ...Object.values(feed.sourceValues ?? {})])];
  const missing = targets.filter((id) => !known.has(id));
  if (missing.length > 0)
    throw new IngestError(`the feed of "${sourceId}" counts for unknown source ${missing.join(', ')}`);
  return { feed, targets };
}

/**
 * The tally as week × source columns over the enrolled students: every student for a snapshot (zero, or
 * for attendance no sessions, where the student had no row), only the students with rows for an increment.
 */
function weekColumns(
  tally: WeeklyTally,
  students: KeyIndex,
  sources: KeyIndex,
  feed: FeedConfig,
  snapshot: boolean,
): WeekColumn[] {
  return tally.allColumns().map((column) => {
    const studentIds: string[] = [];
    const counts: number[] = [];
    const scheduled: number[] = [];
    for (let i = 0; i < students.size; i++) {
      if (!snapshot && !seenAt(column, i)) continue;
      studentIds.push(students.keys[i] as string);
      counts.push(countAt(column, i));
      scheduled.push(scheduledAt(column, i));
    }
    return {
      week: isoWeekOfWeekNumber(column.week),
      sourceId: sources.keys[column.source] as string,
      studentIds,
      counts,
      ...(feed.format === 'attendance' ? { scheduled } : {}),
    };
  });
}

/**
 * Writes columns to the weekly measures: set (snapshot), or added to what is there as the increment `key`,
 * which each week × shard takes at most once (call forgetIncrement once the increment is logged as done).
 */
export async function applyColumns(
  repos: Repositories,
  columns: readonly WeekColumn[],
  mode: Delivery['mode'],
  key: string,
): Promise<void> {
  if (mode === 'increment') {
    // Only the students with rows: every week at once, its shards written together.
    await repos.measures.addMeasures(measuresOf(columns), key);
    return;
  }
  const byWeek = new Map<IsoWeek, WeekColumn[]>();
  for (const column of columns) byWeek.set(column.week, [...(byWeek.get(column.week) ?? []), column]);
  for (const weekColumnsOfWeek of byWeek.values()) {
    await repos.measures.saveMeasures(measuresOf(weekColumnsOfWeek));
  }
}

/** Drops an applied increment's key from the shards of the weeks it covered. */
export async function forgetIncrement(
  repos: Repositories,
  columns: readonly WeekColumn[],
  key: string,
): Promise<void> {
  await repos.measures.forgetIncrement([...new Set(columns.map((column) => column.week))], key);
}

function measuresOf(columns: readonly WeekColumn[]): WeeklyMeasure[] {
  const measures: WeeklyMeasure[] = [];
  for (const { week, sourceId, studentIds, counts, scheduled } of columns) {
    studentIds.forEach((studentId, i) => {
      const measure: WeeklyMeasure = { studentId, sourceId, week, count: counts[i] as number };
      if (scheduled) {
        measure.attended = counts[i] as number;
        measure.scheduled = scheduled[i] as number;
      }
      measures.push(measure);
    });
  }
  return measures;
}

function outcomeOf(record: DeliveryRecord): IngestOutcome {
  return {
    sourceId: record.sourceId,
    deliveryId: record.id,
    name: record.name,
    status: record.status === 'held' || record.status === 'rejected' ? record.status : 'applied',
    rows: record.rows,
    good: record.good,
    quarantined: record.quarantined,
    students: record.students,
    weeks: record.weeks.map((week) => week.week),
    reason: record.reason,
  };
}

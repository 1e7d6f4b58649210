/**
 * Administering sources: declaring them with their feeds (from a configuration file), enabling one — only
 * once the institution has recorded that its privacy notice covers it, with a DPIA reference for new kinds
 * such as Wi-Fi or gym access, and deliberately when its data quality is flagged — and disabling one.
 * Both take effect from the next weekly run: the week in progress is the first scored with (or without)
 * the source, and weeks already scored never change. Also the per-source status `engage sources` shows.
 */
import { z } from 'zod';
import { isoWeekOf, type IsoWeek } from '../domain/isoWeek.ts';
import { CATEGORY_OF_KIND, type Source, type SourceKind, type SourceOwner } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import type { DeliveryRecord } from '../repositories/deliveries.ts';
import type { FeedSchema } from './feeds.ts';
import { freshness, weeklyQuality, type Freshness, type WeekQuality } from './quality.ts';

/** Kinds new enough to need a data-protection impact assessment before they may be enabled. */
export const KINDS_NEEDING_DPIA: readonly SourceKind[] = ['wifi', 'gym'];

const SOURCE_KINDS = Object.keys(CATEGORY_OF_KIND) as [SourceKind, ...SourceKind[]];

export const SourcesFileSchema = z.object({
  sources: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes'),
        name: z.string().trim().min(1),
        kind: z.enum(SOURCE_KINDS),
        /** Validated as a FeedConfig (src/ingest/feeds.ts) with the connectors' blocks once the id is known. */
        feed: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1),
});

export class SourceAdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceAdminError';
  }
}

/**
 * Declares or updates sources and their feeds, each feed validated by `feedSchema` (the connector registry's,
 * adapters/connectors/registry.ts); new sources start disabled. Returns the ids.
 */
export async function configureSources(
  repos: Repositories,
  input: unknown,
  feedSchema: FeedSchema,
): Promise<string[]> {
  const file = SourcesFileSchema.parse(input);
  const existing = new Map((await repos.sources.listSources()).map((source) => [source.id, source]));
  const declared = new Set([...existing.keys(), ...file.sources.map((entry) => entry.id)]);
  const sources: Source[] = [];
  const feeds = [];
  for (const entry of file.sources) {
    const before = existing.get(entry.id);
    sources.push({
      id: entry.id,
      name: entry.name,
      kind: entry.kind,
      category: CATEGORY_OF_KIND[entry.kind],
      enabled: before?.enabled ?? false,
      enabledFromWeek: before?.enabledFromWeek ?? null,
      disabledFromWeek: before?.disabledFromWeek ?? null,
      privacyNoticeCovers: before?.privacyNoticeCovers ?? false,
      dpiaReference: before?.dpiaReference ?? null,
      owner: before?.owner ?? null,
    });
    if (entry.feed) {
      const feed = feedSchema.parse({ ...entry.feed, sourceId: entry.id });
      const unknown = Object.values(feed.sourceValues ?? {}).filter((id) => !declared.has(id));
      if (unknown.length > 0) {
        throw new SourceAdminError(
          `source "${entry.id}": sourceValues name unknown source ${unknown.join(', ')}`,
        );
      }
      feeds.push(feed);
    }
  }
  await repos.sources.saveSources(sources);
  await repos.feeds.saveFeeds(feeds);
  return sources.map((source) => source.id);
}

export interface EnableOptions {
  privacyNotice: boolean;
  dpia?: string;
  /** Enable although the latest data quality is below 80 %. */
  acceptLowQuality?: boolean;
  now: Date;
}

/** What enabling did: `changed` is false when the source was already on (nothing, not even its start week, moves). */
export interface EnableResult {
  source: Source;
  changed: boolean;
}

export async function enableSource(
  repos: Repositories,
  id: string,
  options: EnableOptions,
): Promise<EnableResult> {
  const source = await findSource(repos, id);
  // Moving an enabled source's start week would change the inputs of weeks already scored.
  if (source.enabled) return { source, changed: false };
  const privacyNoticeCovers = source.privacyNoticeCovers || options.privacyNotice;
  if (!privacyNoticeCovers) {
    throw new SourceAdminError(
      `source "${id}": record that the privacy notice covers it (--privacy-notice) before enabling it`,
    );
  }
  const dpiaReference = options.dpia ?? source.dpiaReference;
  if (KINDS_NEEDING_DPIA.includes(source.kind) && !dpiaReference) {
    throw new SourceAdminError(
      `source "${id}" is a ${source.kind} source: give its DPIA reference (--dpia REF)`,
    );
  }
  const [latest] = (await sourceStatus(repos, options.now, id))[0]?.quality ?? [];
  if (latest?.flagged && !options.acceptLowQuality) {
    throw new SourceAdminError(
      `source "${id}": data quality ${latest.overall}% in ${latest.week} is below 80%; enable it deliberately with --accept-low-quality`,
    );
  }
  const updated: Source = {
    ...source,
    enabled: true,
    enabledFromWeek: isoWeekOf(options.now),
    disabledFromWeek: null,
    privacyNoticeCovers,
    dpiaReference,
  };
  await repos.sources.saveSources([updated]);
  return { source: updated, changed: true };
}

export async function disableSource(repos: Repositories, id: string, now: Date): Promise<Source> {
  const source = await findSource(repos, id);
  if (!source.enabled) throw new SourceAdminError(`source "${id}" is not enabled`);
  const updated: Source = { ...source, enabled: false, disabledFromWeek: isoWeekOf(now) };
  await repos.sources.saveSources([updated]);
  return updated;
}

export interface SourceStatus {
  id: string;
  name: string;
  kind: SourceKind;
  enabled: boolean;
  /** The first week scored with it (enabled) or without it (disabled). */
  enabledFromWeek: IsoWeek | null;
  disabledFromWeek: IsoWeek | null;
  privacyNoticeCovers: boolean;
  dpiaReference: string | null;
  /** Who to contact when the feed breaks; null until an admin sets one (`engage sources owner`). */
  owner: SourceOwner | null;
  format: string | null;
  freshness: Freshness;
  lastDelivery: { id: string; name: string; receivedAt: Date; status: string } | null;
  /** Deliveries waiting for approval. */
  held: { id: string; name: string; rows: number; reason: string | null }[];
  /** The latest weeks first. */
  quality: WeekQuality[];
  /** The latest week's quality is below 80 %. */
  flagged: boolean;
  /** Scored weeks, latest first, in which the source delivered (next to) nothing and was treated as missing. */
  dataGaps: IsoWeek[];
}

/** Every source's (or one source's) state, freshness and weekly data quality, newest weeks first. */
export async function sourceStatus(repos: Repositories, now: Date, only?: string): Promise<SourceStatus[]> {
  const sources = (await repos.sources.listSources()).filter(
    (source) => only === undefined || source.id === only,
  );
  const enrolled = await repos.institution.countStudents();
  const statuses: SourceStatus[] = [];
  for (const source of sources) {
    const feed = await repos.feeds.feed(source.id);
    const deliveries: DeliveryRecord[] = await repos.deliveries.forSource(source.id);
    const quality = weeklyQuality(deliveries, enrolled, feed?.expectedDeliveriesPerWeek ?? 1);
    const dataGaps = await repos.scores.dataGapWeeks(source.id);
    const [last] = deliveries;
    statuses.push({
      id: source.id,
      name: source.name,
      kind: source.kind,
      enabled: source.enabled,
      enabledFromWeek: source.enabledFromWeek,
      disabledFromWeek: source.disabledFromWeek ?? null,
      privacyNoticeCovers: source.privacyNoticeCovers,
      dpiaReference: source.dpiaReference,
      owner: source.owner ?? null,
      format: feed?.format ?? null,
      freshness: freshness(deliveries, now),
      lastDelivery: last
        ? { id: last.id, name: last.name, receivedAt: last.receivedAt, status: last.status }
        : null,
      held: deliveries
        .filter((delivery) => delivery.status === 'held')
        .map((delivery) => ({
          id: delivery.id,
          name: delivery.name,
          rows: delivery.rows,
          reason: delivery.reason,
        })),
      quality,
      flagged: quality[0]?.flagged ?? false,
      dataGaps,
    });
  }
  return statuses;
}

async function findSource(repos: Repositories, id: string): Promise<Source> {
  const source = (await repos.sources.listSources()).find((candidate) => candidate.id === id);
  if (!source) throw new SourceAdminError(`unknown source "${id}"`);
  return source;
}

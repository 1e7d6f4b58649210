/**
 * API records as a delivery: the polling connectors and the xAPI endpoint hand the pipeline records already
 * split into fields, and the delivery id fingerprints them (SHA-256 of their canonical JSON), so the same
 * page or batch handed over again is recognised and skipped by ingestDelivery.
 */
import { createHash } from 'node:crypto';
import type { Delivery, DeliveryMode, RawRecord } from '../../../src/ingest/delivery.ts';
import type { FeedConfig } from '../../../src/ingest/feeds.ts';

/** JSON with object keys sorted at every level: equal values always serialise the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function recordsDelivery(options: {
  sourceId: string;
  name: string;
  mode: DeliveryMode;
  receivedAt: Date;
  records: readonly RawRecord[];
  /** Overrides the fingerprint of the records (xAPI: the statement ids). */
  id?: string;
}): Delivery {
  const { records } = options;
  async function* each(): AsyncGenerator<RawRecord> {
    yield* records;
  }
  return {
    sourceId: options.sourceId,
    id: options.id ?? sha256(canonicalJson(records)),
    name: options.name,
    mode: options.mode,
    receivedAt: options.receivedAt,
    content: { kind: 'records', records: each() },
  };
}

/**
 * An activity record's values under the feed's column names (Engage field → the source's name), so the
 * pipeline's column mapping reads them back; `source` is the kind (or Engage source id) when the feed's sourceValues names it, else the feed's own source.
 */
export function activityValues(
  feed: FeedConfig,
  values: { student: string; timestamp: string; count?: number; source?: string },
): Record<string, string> {
  const { source, count, ...rest } = values;
  const fields: Record<string, string> = { ...rest };
  if (count !== undefined) fields.count = String(count);
  const mapped = feed.sourceValues ?? {};
  const elsewhere =
    source !== undefined && (Object.hasOwn(mapped, source) || Object.values(mapped).includes(source));
  // Every record carries the source field (the pipeline reads the fields the first record has).
  fields.source = elsewhere ? source : feed.sourceId;
  return Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [feed.columns[field] ?? field, value]),
  );
}

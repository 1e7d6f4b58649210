/**
 * The delivery: the one shape in which every connector hands data to the ingestion pipeline.
 *
 * Contract for connectors (SFTP landing and pull, xAPI, Moodle, Canvas, Graph, `engage ingest`):
 * - Build a `Delivery` and call `ingestDelivery(repos, delivery)` (src/ingest/ingestDelivery.ts) once per
 *   file, API page or statement batch. Nothing else writes weekly counts for a fed source.
 * - `id` fingerprints the content: the SHA-256 of a file's bytes, a hash of an API page's body, an xAPI
 *   statement id. Handing over the same (sourceId, id) again is recognised and skipped, so a connector
 *   may retry freely after a crash or a timeout.
 * - `mode` says what the content means. `snapshot`: the complete events of every week it contains (a file
 *   extract, an API page of week totals); applying it REPLACES the source's counts for those weeks, with an
 *   explicit zero for every enrolled student without a row, so a corrected re-delivery of the same period
 *   replaces rather than adds. Nightly file feeds deliver week-to-date extracts. `increment`: new events
 *   only (xAPI statements, event pages); their counts are ADDED, and idempotency rests on the id alone.
 *   Attendance is always a snapshot (sessions attended of scheduled cannot be added up piecemeal).
 * - `content` is either raw CSV bytes (files: streamed, gunzipped already, never read whole) or records
 *   already split into named fields (API connectors), each with the position it came from; the field
 *   names are the source's own, translated by the source's column mapping (src/ingest/feeds.ts).
 * - The connector owns where the content lives; the pipeline owns validation, quarantine, the volume
 *   guard, reduction to weekly counts, the delivery log and data-quality figures.
 */

/** Where a record came from: a file name (or API page) and a 1-based line (or item) number. */
export interface RecordPosition {
  file: string;
  line: number;
}

/** One raw record keyed by the source's own field names, or why it could not be read at all. */
export type RawRecord =
  | { position: RecordPosition; values: Readonly<Record<string, string>> }
  | { position: RecordPosition; error: string };

export type DeliveryMode = 'snapshot' | 'increment';

export type DeliveryContent =
  { kind: 'csv'; bytes: AsyncIterable<Uint8Array> } | { kind: 'records'; records: AsyncIterable<RawRecord> };

export interface Delivery {
  sourceId: string;
  /** Content fingerprint: the same content always has the same id. */
  id: string;
  /** File name or API page, as quarantine entries and the delivery log show it. */
  name: string;
  mode: DeliveryMode;
  receivedAt: Date;
  content: DeliveryContent;
}

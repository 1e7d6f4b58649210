/** Each source's feed configuration (format, column mapping, landing directory), one document per source. */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import type { FeedConfig } from '../ingest/feeds.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

export function feedRepository(db: DocumentDb) {
  const feeds = db.collection<FeedConfig>(COLLECTIONS.feeds.name);
  return {
    saveFeeds: (records: readonly FeedConfig[]) => upsertAll(feeds, records, ['sourceId']),
    feed: (sourceId: string) => feeds.findOne({ sourceId }, { projection: WITHOUT_ID }),
    listFeeds: () => feeds.find({}, { projection: WITHOUT_ID, sort: { sourceId: 1 } }).toArray(),
  };
}

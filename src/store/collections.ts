/**
 * Every collection Engage keeps, with its indexes, declared in one place. `ensureCollections` creates the
 * indexes on either store at start-up (idempotent); repositories reach collections only through `COLLECTIONS`.
 */
import type { DocumentDb, IndexOptions } from './types.ts';

interface IndexSpec {
  keys: Record<string, 1 | -1>;
  options?: IndexOptions;
}

interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
}

const unique = (keys: Record<string, 1 | -1>): IndexSpec => ({ keys, options: { unique: true } });

export const COLLECTIONS = {
  meta: { name: 'meta', indexes: [unique({ key: 1 })] },
  faculties: { name: 'faculties', indexes: [unique({ id: 1 })] },
  programmes: { name: 'programmes', indexes: [unique({ id: 1 }), { keys: { facultyId: 1 } }] },
  students: {
    name: 'students',
    indexes: [
      unique({ id: 1 }),
      { keys: { programmeId: 1, yearOfStudy: 1 } },
      { keys: { facultyId: 1 } },
      { keys: { tutorId: 1 } },
      // A student in chat is recognised by the email the platform reports.
      { keys: { email: 1 } },
    ],
  },
  staff: { name: 'staff', indexes: [unique({ id: 1 }), unique({ email: 1 })] },
  calendar: { name: 'calendar', indexes: [unique({ week: 1 })] },
  sources: { name: 'sources', indexes: [unique({ id: 1 })] },
  // Column-packed per ISO week × student shard (see repositories/studentShards.ts).
  measures: {
    name: 'measureShards',
    indexes: [unique({ week: 1, shard: 1 }), { keys: { shard: 1, week: 1 } }],
  },
  scores: { name: 'scoreShards', indexes: [unique({ week: 1, shard: 1 }), { keys: { shard: 1, week: 1 } }] },
  peerGroupWeeks: { name: 'peerGroupWeeks', indexes: [unique({ week: 1, peerGroup: 1 })] },
  scoringConfig: { name: 'scoringConfig', indexes: [unique({ version: 1 })] },
  configChanges: { name: 'configChanges', indexes: [{ keys: { at: -1 } }] },
  contacts: { name: 'contacts', indexes: [{ keys: { studentId: 1, at: -1 } }] },
  cases: {
    name: 'cases',
    indexes: [
      unique({ id: 1 }),
      { keys: { studentId: 1, status: 1 } },
      // At most one active (open or monitoring) case per student.
      {
        keys: { studentId: 1 },
        options: { unique: true, name: 'one_active_case', partialFilterExpression: { active: true } },
      },
    ],
  },
  outcomes: { name: 'outcomes', indexes: [unique({ studentId: 1, term: 1 })] },
  /** Audit-only attributes for the fairness report, never read by a model or a view (repositories/auditAttributes.ts). */
  auditAttributes: {
    name: 'auditAttributes',
    indexes: [unique({ studentId: 1, term: 1, attribute: 1 }), { keys: { term: 1 } }],
  },
  /** Coursework deadlines as weekly counts per student (docs/coursework.md). */
  courseworkWeeks: { name: 'courseworkWeeks', indexes: [unique({ week: 1, studentId: 1 })] },
  /** Versioned predictive-risk model documents (issue 17), one per trained model. */
  riskModels: { name: 'riskModels', indexes: [unique({ versionId: 1 }), { keys: { 'document.status': 1 } }] },
  /** Stored predictions per ISO week × model version × student shard; a new model never rewrites old ones. */
  riskPredictions: {
    name: 'riskPredictions',
    indexes: [unique({ week: 1, modelVersion: 1, shard: 1 }), { keys: { shard: 1, week: 1 } }],
  },
  /** The predict step's feature state per ISO week × student shard, to continue from the next week. */
  featureStates: { name: 'featureStates', indexes: [unique({ week: 1, shard: 1 })] },
  alertRules: { name: 'alertRules', indexes: [unique({ id: 1 })] },
  ruleChanges: { name: 'ruleChanges', indexes: [{ keys: { ruleId: 1, at: -1 } }, { keys: { at: -1 } }] },
  ruleProgress: { name: 'ruleProgress', indexes: [unique({ ruleId: 1 })] },
  ruleEpisodes: { name: 'ruleEpisodes', indexes: [unique({ ruleId: 1, studentId: 1 })] },
  ruleFirings: {
    name: 'ruleFirings',
    indexes: [unique({ ruleId: 1, studentId: 1, week: 1 }), { keys: { status: 1 } }, { keys: { week: 1 } }],
  },
  tutorNotifications: {
    name: 'tutorNotifications',
    indexes: [
      unique({ id: 1 }),
      unique({ ruleId: 1, studentId: 1, week: 1, source: 1 }),
      { keys: { status: 1, createdAt: 1 } },
    ],
  },
  /** Students' own context notes for their tutor (repositories/contextNotes.ts). */
  contextNotes: {
    name: 'contextNotes',
    indexes: [unique({ id: 1 }), { keys: { studentId: 1, addedAt: -1 } }],
  },
  auditLog: { name: 'auditLog', indexes: [{ keys: { studentId: 1, at: -1 } }, { keys: { at: -1 } }] },
  channelLinks: { name: 'channelLinks', indexes: [unique({ platform: 1, channelId: 1 })] },
  snoozes: {
    name: 'snoozes',
    indexes: [unique({ platform: 1, channelId: 1, studentId: 1 }), { keys: { until: 1 } }],
  },
  chatIdentities: { name: 'chatIdentities', indexes: [unique({ platform: 1, userId: 1 })] },
  conversations: {
    name: 'conversations',
    indexes: [unique({ platform: 1, conversationId: 1 }), { keys: { platform: 1, teamId: 1 } }],
  },
  inboundDeliveries: {
    name: 'inboundDeliveries',
    indexes: [unique({ key: 1 }), { keys: { receivedAt: 1 }, options: { expireAfterSeconds: 60 * 60 } }],
  },
  digestPosts: {
    name: 'digestPosts',
    indexes: [unique({ platform: 1, channelId: 1, week: 1, kind: 1 }), { keys: { week: 1 } }],
  },
  chartImages: {
    name: 'chartImages',
    indexes: [unique({ id: 1 }), { keys: { expiresAt: 1 }, options: { expireAfterSeconds: 0 } }],
  },
  feeds: { name: 'feeds', indexes: [unique({ sourceId: 1 })] },
  deliveries: {
    name: 'deliveries',
    indexes: [unique({ sourceId: 1, id: 1 }), { keys: { sourceId: 1, receivedAt: -1 } }, { keys: { id: 1 } }],
  },
  heldCounts: { name: 'heldCounts', indexes: [{ keys: { deliverySourceId: 1, deliveryId: 1 } }] },
  quarantine: {
    name: 'quarantine',
    indexes: [unique({ id: 1 }), { keys: { sourceId: 1, status: 1 } }, { keys: { deliveryId: 1 } }],
  },
  /** xAPI statement ids already counted, with a hash of each statement to tell a conflicting re-send. */
  xapiStatements: { name: 'xapiStatements', indexes: [unique({ sourceId: 1, id: 1 })] },
  /** Where each pull connector got to (a watermark, last cumulative totals), per source and key. */
  connectorCursors: { name: 'connectorCursors', indexes: [unique({ sourceId: 1, key: 1 })] },
} as const satisfies Record<string, CollectionSpec>;

export async function ensureCollections(db: DocumentDb): Promise<void> {
  for (const spec of Object.values(COLLECTIONS) as CollectionSpec[]) {
    const collection = db.collection(spec.name);
    for (const index of spec.indexes) await collection.createIndex(index.keys, index.options);
  }
}

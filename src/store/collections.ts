/**
 * Every collection Engage keeps, with its indexes and what it holds about students, declared in one place.
 * `ensureCollections` creates the indexes on either store at start-up (idempotent); repositories reach
 * collections only through `COLLECTIONS`. Subject-access export and erasure (src/governance/) walk the
 * `studentData` declarations, so a new collection cannot be left out of them: it must say how it holds a
 * student, or why it holds none.
 */
import type { DocumentDb, IndexOptions } from './types.ts';

interface IndexSpec {
  keys: Record<string, 1 | -1>;
  options?: IndexOptions;
}

/**
 * How a collection holds data about a student (docs/governance.md, "Where student data lives"):
 * - `field`: each document belongs to one student, named by this field (deleted whole on erasure);
 * - `packed`: column-packed shards listing their students in `studentIds` (the student's slot is cut out
 *   by the collection's repository);
 * - `mentions`: raw records that may carry a student's id or name anywhere (quarantined rows, replayed
 *   chat answers), matched by their text and told apart by the unique `key` field;
 * - `none`: no student id or personal data about a student, with the reason.
 */
export type StudentData =
  | { kind: 'field'; field: string }
  | { kind: 'packed' }
  | { kind: 'mentions'; key: string }
  | { kind: 'none'; why: string };

interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
  studentData: StudentData;
}

const byStudent = (field = 'studentId'): StudentData => ({ kind: 'field', field });
const PACKED = { kind: 'packed' } as const satisfies StudentData;
const none = (why: string): StudentData => ({ kind: 'none', why });

const unique = (keys: Record<string, 1 | -1>): IndexSpec => ({ keys, options: { unique: true } });

export const COLLECTIONS = {
  meta: { name: 'meta', indexes: [unique({ key: 1 })], studentData: none('facts about the data set') },
  faculties: { name: 'faculties', indexes: [unique({ id: 1 })], studentData: none('reference data') },
  programmes: {
    name: 'programmes',
    indexes: [unique({ id: 1 }), { keys: { facultyId: 1 } }],
    studentData: none('reference data'),
  },
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
    studentData: byStudent('id'),
  },
  staff: {
    name: 'staff',
    indexes: [unique({ id: 1 }), unique({ email: 1 })],
    studentData: none('staff records'),
  },
  calendar: { name: 'calendar', indexes: [unique({ week: 1 })], studentData: none('the academic calendar') },
  sources: { name: 'sources', indexes: [unique({ id: 1 })], studentData: none('activity source settings') },
  // Column-packed per ISO week × student shard (see repositories/studentShards.ts).
  measures: {
    name: 'measureShards',
    indexes: [unique({ week: 1, shard: 1 }), { keys: { shard: 1, week: 1 } }],
    studentData: PACKED,
  },
  scores: {
    name: 'scoreShards',
    indexes: [unique({ week: 1, shard: 1 }), { keys: { shard: 1, week: 1 } }],
    studentData: PACKED,
  },
  peerGroupWeeks: {
    name: 'peerGroupWeeks',
    indexes: [unique({ week: 1, peerGroup: 1 })],
    studentData: none("each peer group's weekly medians, aggregates only"),
  },
  scoringConfig: {
    name: 'scoringConfig',
    indexes: [unique({ version: 1 })],
    studentData: none('scoring settings'),
  },
  configChanges: {
    name: 'configChanges',
    indexes: [{ keys: { at: -1 } }],
    studentData: none('who changed a setting, when and why'),
  },
  contacts: { name: 'contacts', indexes: [{ keys: { studentId: 1, at: -1 } }], studentData: byStudent() },
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
    studentData: byStudent(),
  },
  outcomes: { name: 'outcomes', indexes: [unique({ studentId: 1, term: 1 })], studentData: byStudent() },
  /** Audit-only attributes for the fairness report, never read by a model or a view (repositories/auditAttributes.ts). */
  auditAttributes: {
    name: 'auditAttributes',
    indexes: [unique({ studentId: 1, term: 1, attribute: 1 }), { keys: { term: 1 } }],
    studentData: byStudent(),
  },
  /** Coursework deadlines as weekly counts per student (docs/coursework.md). */
  courseworkWeeks: {
    name: 'courseworkWeeks',
    indexes: [unique({ week: 1, studentId: 1 }), { keys: { studentId: 1 } }],
    studentData: byStudent(),
  },
  /** Versioned predictive-risk model documents (issue 17), one per trained model. */
  riskModels: {
    name: 'riskModels',
    indexes: [unique({ versionId: 1 }), { keys: { 'document.status': 1 } }],
    studentData: none("a model's weights and aggregate evaluation"),
  },
  /** Stored predictions per ISO week × model version × student shard; a new model never rewrites old ones. */
  riskPredictions: {
    name: 'riskPredictions',
    indexes: [unique({ week: 1, modelVersion: 1, shard: 1 }), { keys: { shard: 1, week: 1 } }],
    studentData: PACKED,
  },
  /** The predict step's feature state per ISO week × student shard, to continue from the next week. */
  featureStates: {
    name: 'featureStates',
    indexes: [unique({ week: 1, shard: 1 }), { keys: { shard: 1 } }],
    studentData: PACKED,
  },
  alertRules: {
    name: 'alertRules',
    indexes: [unique({ id: 1 })],
    studentData: none('alert rule definitions'),
  },
  ruleChanges: {
    name: 'ruleChanges',
    indexes: [{ keys: { ruleId: 1, at: -1 } }, { keys: { at: -1 } }],
    studentData: none('who changed a rule, when and why'),
  },
  ruleProgress: {
    name: 'ruleProgress',
    indexes: [unique({ ruleId: 1 })],
    studentData: none('the latest week each rule evaluated'),
  },
  ruleEpisodes: {
    name: 'ruleEpisodes',
    indexes: [unique({ ruleId: 1, studentId: 1 }), { keys: { studentId: 1 } }],
    studentData: byStudent(),
  },
  ruleFirings: {
    name: 'ruleFirings',
    indexes: [
      unique({ ruleId: 1, studentId: 1, week: 1 }),
      { keys: { status: 1 } },
      { keys: { week: 1 } },
      { keys: { studentId: 1 } },
    ],
    studentData: byStudent(),
  },
  tutorNotifications: {
    name: 'tutorNotifications',
    indexes: [
      unique({ id: 1 }),
      unique({ ruleId: 1, studentId: 1, week: 1, source: 1 }),
      { keys: { status: 1, createdAt: 1 } },
      { keys: { studentId: 1 } },
    ],
    studentData: byStudent(),
  },
  auditLog: {
    name: 'auditLog',
    indexes: [{ keys: { studentId: 1, at: -1 } }, { keys: { at: -1 } }, { keys: { actor: 1, at: -1 } }],
    studentData: byStudent(),
  },
  channelLinks: {
    name: 'channelLinks',
    indexes: [unique({ platform: 1, channelId: 1 })],
    studentData: none('which staff group each channel serves'),
  },
  /** Students' own context notes for their tutor (repositories/contextNotes.ts). */
  contextNotes: {
    name: 'contextNotes',
    indexes: [unique({ id: 1 }), { keys: { studentId: 1, addedAt: -1 } }],
    studentData: byStudent(),
  },
  snoozes: {
    name: 'snoozes',
    indexes: [
      unique({ platform: 1, channelId: 1, studentId: 1 }),
      { keys: { until: 1 } },
      { keys: { studentId: 1 } },
    ],
    studentData: byStudent(),
  },
  /**
   * Claims on students ("I'll contact"), kept with their history (repositories/claims.ts). `openKey` is the
   * student id while the claim is active and the claim's own id once it ended, so one plain unique index
   * keeps at most one active claim per student on every store (FerretDB has no partial indexes).
   */
  claims: {
    name: 'claims',
    indexes: [
      unique({ id: 1 }),
      unique({ openKey: 1 }),
      { keys: { studentId: 1, at: -1 } },
      // The posted digests read every claim still worth saying something about, by its expiry.
      { keys: { expiresAt: 1 } },
    ],
    studentData: byStudent(),
  },
  /** "Known reason" exemptions from digests, rules and workflow steps (repositories/exemptions.ts). */
  exemptions: {
    name: 'exemptions',
    indexes: [
      unique({ id: 1 }),
      { keys: { studentId: 1, lastDay: -1 } },
      { keys: { lastDay: 1 } },
      { keys: { setAt: -1 } },
    ],
    studentData: byStudent(),
  },
  chatIdentities: {
    name: 'chatIdentities',
    indexes: [unique({ platform: 1, userId: 1 })],
    studentData: none("staff members' chat user ids"),
  },
  conversations: {
    name: 'conversations',
    indexes: [unique({ platform: 1, conversationId: 1 }), { keys: { platform: 1, teamId: 1 } }],
    studentData: none("the platforms' references to the conversations the bot is in"),
  },
  inboundDeliveries: {
    name: 'inboundDeliveries',
    indexes: [unique({ key: 1 }), { keys: { receivedAt: 1 }, options: { expireAfterSeconds: 60 * 60 } }],
    // The answer replayed to a redelivery can be a student card; kept an hour.
    studentData: { kind: 'mentions', key: 'key' },
  },
  digestPosts: {
    name: 'digestPosts',
    indexes: [unique({ platform: 1, channelId: 1, week: 1, kind: 1 }), { keys: { week: 1 } }],
    studentData: none('the posting ledger: channel, week and message ids'),
  },
  chartImages: {
    name: 'chartImages',
    indexes: [unique({ id: 1 }), { keys: { expiresAt: 1 }, options: { expireAfterSeconds: 0 } }],
    studentData: none('chart points without a student id or name, expiring with their links'),
  },
  feeds: { name: 'feeds', indexes: [unique({ sourceId: 1 })], studentData: none('feed settings') },
  deliveries: {
    name: 'deliveries',
    indexes: [unique({ sourceId: 1, id: 1 }), { keys: { sourceId: 1, receivedAt: -1 } }, { keys: { id: 1 } }],
    studentData: none("each delivery's row counts and weeks"),
  },
  heldCounts: {
    name: 'heldCounts',
    indexes: [{ keys: { deliverySourceId: 1, deliveryId: 1 } }],
    studentData: PACKED,
  },
  quarantine: {
    name: 'quarantine',
    indexes: [unique({ id: 1 }), { keys: { sourceId: 1, status: 1 } }, { keys: { deliveryId: 1 } }],
    studentData: { kind: 'mentions', key: 'id' },
  },
  /** xAPI statement ids already counted, with a hash of each statement to tell a conflicting re-send. */
  xapiStatements: {
    name: 'xapiStatements',
    indexes: [unique({ sourceId: 1, id: 1 })],
    studentData: none("statement ids and hashes, never a statement's content"),
  },
  /** Where each pull connector got to (a watermark, last cumulative totals), per source and key. */
  connectorCursors: {
    name: 'connectorCursors',
    indexes: [unique({ sourceId: 1, key: 1 })],
    studentData: none(
      "each connector's watermarks, keyed by course (and for Canvas by Canvas's own user id), never a student id",
    ),
  },
  /** Evidence of each erasure: who, when, why and counts per collection, never whose. */
  erasures: {
    name: 'erasures',
    indexes: [{ keys: { at: -1 } }],
    studentData: none('who erased, when, why and how many records per collection; never whose'),
  },
  /** Each retention purge's report: counts per data kind and the cut-off dates. */
  purgeReports: {
    name: 'purgeReports',
    indexes: [{ keys: { at: -1 } }],
    studentData: none('counts per data kind and cut-off dates'),
  },
} as const satisfies Record<string, CollectionSpec>;

export async function ensureCollections(db: DocumentDb): Promise<void> {
  for (const spec of Object.values(COLLECTIONS) as CollectionSpec[]) {
    const collection = db.collection(spec.name);
    for (const index of spec.indexes) await collection.createIndex(index.keys, index.options);
  }
}

export type CollectionName = keyof typeof COLLECTIONS;

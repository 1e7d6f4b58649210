/**
 * Subject access: everything Engage holds about one student, from every collection that can hold student
 * data (repositories/studentRecords.ts walks the declarations in store/collections.ts), as one
 * machine-readable document plus a short summary in words. The export itself is a look at a named
 * student, so it is audited.
 */
import type { StudentRecordRepository } from '../repositories/studentRecords.ts';
import type { Repositories } from '../repositories/index.ts';
import type { Student } from '../domain/model.ts';

export interface SubjectAccessExport {
  format: 'engage-subject-access/1';
  generatedAt: string;
  generatedBy: string;
  studentId: string;
  /** The student's record, or null when it is gone but other records remain. */
  profile: Student | null;
  /** What each collection holds about the student, by collection name (empty lists included). */
  collections: Record<string, unknown[]>;
}

export interface ExportDeps {
  institution: Pick<Repositories['institution'], 'findStudent'>;
  audit: Pick<Repositories['audit'], 'record'>;
  studentRecords: Pick<StudentRecordRepository, 'recordsOf'>;
}

export interface Viewer {
  actor: string;
  where: string;
}

/** The export, or null when nothing at all is held under the id. */
export async function exportStudent(
  deps: ExportDeps,
  studentId: string,
  viewer: Viewer,
  now: Date,
): Promise<SubjectAccessExport | null> {
  const profile = await deps.institution.findStudent(studentId);
  const collections = await deps.studentRecords.recordsOf({ id: studentId, name: profile?.name ?? null });
  if (profile === null && Object.values(collections).every((records) => records.length === 0)) return null;
  await deps.audit.record({
    at: now,
    actor: viewer.actor,
    studentId,
    action: 'subject-access-export',
    where: viewer.where,
  });
  return {
    format: 'engage-subject-access/1',
    generatedAt: now.toISOString(),
    generatedBy: viewer.actor,
    studentId,
    profile,
    collections,
  };
}

/** What each collection's records are, in words, for the summary. */
const DESCRIPTIONS: Record<string, string> = {
  students: 'student record',
  measureShards: 'weekly activity counts (per source)',
  scoreShards: 'weekly engagement scores with their explanation',
  riskPredictions: 'predictive-risk results with their reasons',
  featureStates: 'weeks of the risk model’s working features',
  heldCounts: 'weekly counts in deliveries held for review',
  contacts: 'staff contacts',
  cases: 'support cases (with their timelines and notes)',
  outcomes: 'recorded outcomes',
  auditAttributes: 'audit-only attributes (fairness reporting)',
  courseworkWeeks: 'weeks of coursework counts',
  ruleEpisodes: 'alert-rule episodes in progress',
  ruleFirings: 'alert-rule firings (and the emails and alerts they sent)',
  tutorNotifications: 'alerts and notifications to staff',
  auditLog: 'views of the student by staff',
  snoozes: 'digest snoozes',
  exemptions: 'known-reason exemptions (category, note, dates, who set or ended them)',
  quarantine: 'quarantined rows naming the student',
  inboundDeliveries: 'recent chat answers naming the student',
};

/** The export in a few lines of words: who, and how many records of each kind. */
export function exportSummary(data: SubjectAccessExport): string[] {
  const lines = [
    data.profile
      ? `${data.profile.name} (${data.studentId}), ${data.profile.programmeId} year ${data.profile.yearOfStudy}`
      : `${data.studentId} (no student record; other records remain)`,
    `Exported ${data.generatedAt} by ${data.generatedBy}.`,
  ];
  let weeks: string[] = [];
  for (const [collection, records] of Object.entries(data.collections)) {
    if (records.length === 0 || collection === 'students') continue;
    lines.push(`  ${String(records.length).padStart(5)}  ${DESCRIPTIONS[collection] ?? collection}`);
    if (collection === 'scoreShards') weeks = records.map((record) => (record as { week: string }).week);
  }
  if (weeks.length > 0) lines.push(`Scored weeks: ${weeks[0]} to ${weeks.at(-1)} (${weeks.length}).`);
  return lines;
}

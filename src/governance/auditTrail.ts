/**
 * Who looked at whom, when and where: the audit trail read back by student or by staff member (given by
 * email, staff id, or "cli:<os user>" for the command line), optionally since a date. Reading one student's
 * trail is itself a look at a named student, so it is audited; a staff member's trail lists student ids only.
 */
import type { AuditEntry } from '../repositories/audit.ts';
import type { Repositories } from '../repositories/index.ts';
import type { Viewer } from './subjectAccess.ts';

export type AuditQuery = { student: string; since?: Date } | { staff: string; since?: Date };

export interface AuditTrailRow extends AuditEntry {
  /** The staff member's name when the actor is a staff id. */
  actorName: string | null;
}

export interface AuditTrailDeps {
  audit: Pick<Repositories['audit'], 'search' | 'record'>;
  staff: Pick<Repositories['staff'], 'byEmail' | 'byId' | 'all'>;
}

export class UnknownStaff extends Error {
  constructor(readonly given: string) {
    super(`no staff member has the email "${given}"`);
    this.name = 'UnknownStaff';
  }
}

export async function auditTrail(
  deps: AuditTrailDeps,
  query: AuditQuery,
  viewer: Viewer,
  now: Date,
): Promise<AuditTrailRow[]> {
  let entries: AuditEntry[];
  if ('student' in query) {
    entries = await deps.audit.search({ studentId: query.student, since: query.since });
    await deps.audit.record({
      at: now,
      actor: viewer.actor,
      studentId: query.student,
      action: 'audit-trail',
      where: viewer.where,
    });
  } else {
    const actor = query.staff.includes('@') ? (await deps.staff.byEmail(query.staff))?.id : query.staff;
    if (actor === undefined) throw new UnknownStaff(query.staff);
    entries = await deps.audit.search({ actor, since: query.since });
  }
  const names = new Map((await deps.staff.all()).map((member) => [member.id, member.name]));
  return entries.map((entry) => ({ ...entry, actorName: names.get(entry.actor) ?? null }));
}

/**
 * Why a case or contact service refused a request, in words a member of staff can act on, with a code the
 * chat core can map to a reply ("no such case", "that case is closed", "the note is too long").
 */

export type CaseErrorCode = 'not-found' | 'invalid' | 'closed';

export class CaseServiceError extends Error {
  constructor(
    readonly code: CaseErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CaseServiceError';
  }
}

/** Who is acting and when: every service takes it last. `actorStaffId` is a staff id, or "engage" for a rule. */
export interface ActingAs {
  now: Date;
  actorStaffId: string;
}

/** The system itself (alert rules, workflows) as the actor on timelines. */
export const SYSTEM_ACTOR = 'engage';

/** Trims `text` and refuses it when empty or longer than `max` characters, naming `field`. */
export function requireText(field: string, text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new CaseServiceError('invalid', `${field} must not be empty`);
  if (trimmed.length > max) {
    throw new CaseServiceError(
      'invalid',
      `${field} must be at most ${max} characters (got ${trimmed.length})`,
    );
  }
  return trimmed;
}

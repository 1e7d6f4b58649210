/**
 * Who is contacting each student ("I'll contact" in chat) on the command line: the "claimed by" column of
 * the student and case lists, and the `claimedBy` field of their JSON, read once for all the rows shown.
 */
import type { ClaimState } from '../../../src/repositories/claims.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import { LAPSED_NOTICE_MS } from '../../../src/chat/views/claimMarks.ts';

export type ClaimsByStudent = ReadonlyMap<string, ClaimState>;

/** The claims of these students at `now`, as chat shows them (a lapsed one for a week after it lapsed). */
export function claimsOf(repos: Repositories, studentIds: readonly string[], now: Date) {
  return repos.claims.claimsAt(studentIds, now, LAPSED_NOTICE_MS);
}

/** "Sam Lee since 2026-12-01 09:12", "Sam Lee, contacted", "lapsed (Sam Lee)", or '' when unclaimed. */
export function claimedByText(state: ClaimState | undefined): string {
  if (!state) return '';
  switch (state.state) {
    case 'claimed':
      return `${state.claimantName} since ${state.since.toISOString().slice(0, 16).replace('T', ' ')}`;
    case 'claimed-and-contacted':
      return `${state.claimantName}, contacted`;
    case 'lapsed':
      return `lapsed (${state.claimantName})`;
  }
}

/** The JSON form: who, since when, and whether they have contacted the student or let it lapse. */
export function claimedByJson(state: ClaimState | undefined) {
  if (!state) return null;
  return {
    staffId: state.claimantId,
    name: state.claimantName,
    since: state.since,
    state: state.state,
    endedAt: state.endedAt,
  };
}

/**
 * Claims on cards: the line saying who is contacting a student ("Sam Lee is contacting · 09:12"), that
 * they have, or that a claim lapsed without a contact; the "I'll contact" / "Release" button; and the
 * digest with both on each row. Times are shown in the reader's zone by the `clock` the caller passes.
 */
import type { ClaimState } from '../../repositories/claims.ts';
import type { Button, DigestView, StudentCardView } from './viewModel.ts';

/** How long a lapsed claim is mentioned on its row: a week, so the next weekly digest says so. */
export const LAPSED_NOTICE_MS = 7 * 86_400_000;

/** "09:12" today, "2026-12-03 09:12" on an earlier day, in the reader's zone. */
type ClaimClock = (at: Date) => string;

/** Claim times in the reader's zone (the service's when not given), as of `now`. */
export function claimClock(
  formats: { localDate(at: Date, timeZone?: string): string; clockTime(at: Date, timeZone?: string): string },
  now: Date,
  timeZone?: string,
): ClaimClock {
  const today = formats.localDate(now, timeZone);
  return (at) => {
    const day = formats.localDate(at, timeZone);
    const time = formats.clockTime(at, timeZone);
    return day === today ? time : `${day} ${time}`;
  };
}

export function claimLine(state: ClaimState, clock: ClaimClock): string {
  switch (state.state) {
    case 'claimed':
      return `${state.claimantName} is contacting · ${clock(state.since)}`;
    case 'claimed-and-contacted':
      return `${state.claimantName} contacted them · ${clock(state.endedAt ?? state.since)}`;
    case 'lapsed':
      return `Claim by ${state.claimantName} lapsed without a contact`;
  }
}

/** "I'll contact" while nobody is contacting the student, "Release" while someone is. */
export function claimButton(
  studentId: string,
  state: ClaimState | undefined,
  origin: { from: 'card' } | { from: 'digest'; page: number },
): Button {
  const where = origin.from === 'digest' ? { from: 'digest' as const, page: origin.page } : origin;
  return state?.state === 'claimed'
    ? { label: 'Release', action: { op: 'releaseClaim', studentId, ...where } }
    : { label: "I'll contact", action: { op: 'claim', studentId, ...where } };
}

/** The student card with its claim line and button (after "Log contact", before the rest). */
export function withClaim(
  card: StudentCardView,
  state: ClaimState | undefined,
  clock: ClaimClock,
): StudentCardView {
  const [first, ...rest] = card.buttons;
  const button = claimButton(card.student.id, state, { from: 'card' });
  return {
    ...card,
    claim: state ? claimLine(state, clock) : null,
    buttons: first ? [first, button, ...rest] : [button],
  };
}

/** Every row of the digest with its claim line (when there is one) and its claim button first. */
export function markClaims(
  view: DigestView,
  states: ReadonlyMap<string, ClaimState>,
  page: number,
  clock: ClaimClock,
): DigestView {
  return {
    ...view,
    sections: view.sections.map((section) => ({
      ...section,
      rows: section.rows.map((row) => {
        const state = states.get(row.studentId);
        return {
          ...row,
          ...(state ? { claim: claimLine(state, clock) } : {}),
          buttons: [claimButton(row.studentId, state, { from: 'digest', page }), ...(row.buttons ?? [])],
        };
      }),
    })),
  };
}

/**
 * Seed staff contacts and open support cases, so a demo has "days since contact" and "no open case" to
 * show: about 30% of active students have had one or more contacts (more often those whose engagement
 * fell, and then mostly after the fall), and a few students who dropped have an open case owned by a
 * caseworker. Notes are short and never sensitive.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { isoWeekStart } from '../domain/isoWeek.ts';
import type { Staff, Student } from '../domain/model.ts';
import type { Random } from './random.ts';
import type { ContactChannel } from '../domain/model.ts';
import type { StudentTruth, SyntheticCase, SyntheticContact, Trajectory } from './types.ts';

const NOTES: Readonly<Record<ContactChannel, readonly string[]>> = {
  meeting: [
    'Checked in after lecture',
    'Personal tutor meeting: reviewed module progress',
    'Discussed timetable and study plan',
    'Drop-in session: talked through upcoming deadlines',
  ],
  call: [
    'Phoned to check in; left voicemail',
    'Short call about attendance',
    'Call to follow up on missed sessions',
  ],
  email: [
    'Emailed to check in about recent sessions',
    'Sent reminder about coursework deadline',
    'Shared study-skills workshop details',
  ],
  message: [
    'Messaged to arrange a catch-up',
    'Chat message: asked how the term is going',
    'Replied to a question about module choices',
  ],
};
const CHANNELS: readonly ContactChannel[] = ['meeting', 'email', 'message', 'call'];
const CHANNEL_WEIGHTS = [0.35, 0.3, 0.2, 0.15];
const CASE_REASONS = [
  'Low engagement across sources',
  'Attendance below expectation',
  'Missed coursework deadline',
  'Referred by personal tutor for a support check-in',
];
/** Trajectories that may have led to a case. */
const FALLING: ReadonlySet<Trajectory> = new Set(['gradual-decline', 'sudden-drop', 'vle-first-decline']);
/** Trajectories whose students tutors tend to contact more often. */
const TROUBLED: ReadonlySet<Trajectory> = new Set([...FALLING, 'recovery']);
const CONTACT_CHANCE = { steady: 0.25, troubled: 0.45 };
const CASE_SHARE = 0.005;
const MIN_CASES = 2;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A weekday working-hours instant in the given week. */
function instantIn(rng: Random, week: IsoWeek): string {
  const day = rng.int(0, 4);
  const minutes = rng.int(9, 16) * 60 + rng.pick([0, 15, 30, 45]);
  return new Date(isoWeekStart(week).getTime() + (day * 24 * 60 + minutes) * 60_000).toISOString();
}

export interface StudentWithTruth {
  student: Student;
  truth: StudentTruth;
}

/** `termWeeks`: the calendar's non-holiday weeks, in order (contacts happen in term). */
export function seedContacts(
  rng: Random,
  roster: readonly StudentWithTruth[],
  staff: readonly Staff[],
  termWeeks: readonly IsoWeek[],
): { contacts: SyntheticContact[]; cases: SyntheticCase[] } {
  const last = termWeeks.length - 1;
  const caseworkers = staff.filter((member) => member.roles.includes('caseworker'));
  const active = roster
    .filter(({ student }) => student.status === 'active')
    .map(({ student, truth }) => ({
      student,
      trajectory: truth.trajectory,
      onset: truth.onsetWeek ? termWeeks.indexOf(truth.onsetWeek) : -1,
    }));

  const caseCandidates = active.filter(
    ({ trajectory, onset }) => FALLING.has(trajectory) && onset >= 0 && onset <= last - 2,
  );
  const caseCount =
    caseworkers.length === 0 ? 0 : Math.max(MIN_CASES, Math.round(active.length * CASE_SHARE));
  const cases: SyntheticCase[] = [];
  const contacts: SyntheticContact[] = [];
  const caseWeekOf = new Map<string, { ownerId: string; weekIndex: number }>();
  rng
    .shuffle(caseCandidates)
    .slice(0, caseCount)
    .forEach(({ student, onset }, i) => {
      const owner = caseworkers[i % caseworkers.length] as Staff;
      const weekIndex = onset + 2;
      const openedAt = instantIn(rng, termWeeks[weekIndex] as IsoWeek);
      cases.push({
        studentId: student.id,
        ownerId: owner.id,
        status: 'open',
        reason: rng.pick(CASE_REASONS),
        openedAt,
      });
      contacts.push({
        studentId: student.id,
        staffId: owner.id,
        at: openedAt,
        channel: 'meeting',
        note: 'Initial support meeting after tutor referral',
      });
      caseWeekOf.set(student.id, { ownerId: owner.id, weekIndex });
    });

  for (const { student, trajectory, onset } of active) {
    const troubled = TROUBLED.has(trajectory);
    if (last < 0 || !rng.chance(troubled ? CONTACT_CHANCE.troubled : CONTACT_CHANCE.steady)) continue;
    const count = 1 + (rng.chance(0.35) ? 1 : 0) + (rng.chance(0.1) ? 1 : 0);
    for (let i = 0; i < count; i += 1) {
      const weekIndex =
        troubled && onset >= 0 && onset < last && rng.chance(0.6)
          ? rng.int(onset + 1, last)
          : rng.int(0, last);
      const openCase = caseWeekOf.get(student.id);
      const staffId =
        openCase && weekIndex >= openCase.weekIndex && rng.chance(0.5)
          ? openCase.ownerId
          : caseworkers.length === 0 || rng.chance(0.85)
            ? student.tutorId
            : rng.pick(caseworkers).id;
      const channel = rng.weighted(CHANNELS, CHANNEL_WEIGHTS);
      contacts.push({
        studentId: student.id,
        staffId,
        at: instantIn(rng, termWeeks[weekIndex] as IsoWeek),
        channel,
        note: rng.pick(NOTES[channel]),
      });
    }
  }
  contacts.sort((a, b) => compare(a.at, b.at) || compare(a.studentId, b.studentId));
  return { contacts, cases };
}

/**
 * Engagement trajectories: how far a student's latent engagement moves from their own baseline in each
 * term week, and how much of their usual activity is left at all (`presence`). Most students are steady;
 * the others gradually disengage, drop suddenly, drop and recover, start late, or decline online first
 * while their attendance holds (the earliest warning).
 *
 * Each plan also carries the student's result for the generated span — drawn with the trajectory, not
 * decided by it: most students who fade withdraw (their activity decays to nothing over a few weeks, then
 * they unregister) or fail (a trickle of activity to the end), a few pull through and pass; some steady
 * students fail too (more often the less engaged) or leave abruptly. Calibrated on OULAD module AAA
 * (about 29% withdrawn or failed; failing students at zero in over half their weeks).
 */
import type { Random } from './random.ts';
import type { Trajectory } from './types.ts';

export type TermResult = 'Pass' | 'Fail' | 'Withdrawn';

export interface TrajectoryPlan {
  kind: Trajectory;
  /** Term-week index where the change begins (Infinity: never). */
  onset: number;
  /** Term-week index from which the student is back at their usual level (Infinity: never). */
  recovery: number;
  /** Term-week index where attendance starts to fall (Infinity: never). */
  attendanceOnset: number;
  /** Size of a drop, in standard deviations. */
  depth: number;
  /** Gradual decline per week, in standard deviations. */
  rate: number;
  /** The student's result for the generated span. */
  result: TermResult;
  /** Term-week index from which the student is unregistered and does nothing (Infinity: stays). */
  leave: number;
  /** Weeks over which a fading student's activity decays, online and in person. */
  fadeWeeks: number;
  attendanceFadeWeeks: number;
  /** What is left of a fading student's activity at the end of the fade (0 for leavers). */
  floor: number;
}

export type Channel = 'attendance' | 'online';

export const TRAJECTORY_SHARES: Readonly<Record<Trajectory, number>> = {
  steady: 0.66,
  'gradual-decline': 0.11,
  'sudden-drop': 0.05,
  recovery: 0.06,
  'late-starter': 0.05,
  'vle-first-decline': 0.07,
};

/** The trajectories of students who disengage (fade or drop, withdraw-like): about 23%. */
export const DISENGAGING: ReadonlySet<Trajectory> = new Set([
  'gradual-decline',
  'sudden-drop',
  'vle-first-decline',
]);

const KINDS = Object.keys(TRAJECTORY_SHARES) as Trajectory[];
const SHARES = KINDS.map((kind) => TRAJECTORY_SHARES[kind]);
const MAX_DECLINE = 2.8;
const RESULTS: readonly TermResult[] = ['Withdrawn', 'Fail', 'Pass'];

/** Result odds (withdrawn, fail, pass) for each trajectory; a steady student's also follow engagement. */
const RESULT_ODDS: Readonly<Record<Exclude<Trajectory, 'steady'>, readonly number[]>> = {
  'gradual-decline': [0.55, 0.3, 0.15],
  'vle-first-decline': [0.5, 0.32, 0.18],
  'sudden-drop': [0.6, 0.25, 0.15],
  recovery: [0.03, 0.12, 0.85],
  'late-starter': [0.05, 0.15, 0.8],
};

/** A term-week index in [from, to], squeezed into the span when the span is short. */
function indexIn(rng: Random, from: number, to: number, termWeeks: number): number {
  const last = termWeeks - 1;
  const low = Math.min(from, last);
  return rng.int(low, Math.max(low, Math.min(to, last)));
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function drawResult(rng: Random, kind: Trajectory, baseline: number): TermResult {
  if (kind === 'steady') {
    if (rng.chance(0.02)) return 'Withdrawn';
    return rng.chance(sigmoid(-3.1 - 1.1 * baseline)) ? 'Fail' : 'Pass';
  }
  return rng.weighted(RESULTS, RESULT_ODDS[kind]);
}

/**
 * Where the fade ends in a withdrawal: the student unregisters the week after their activity reaches zero.
 * A withdrawal that would fall beyond the span is a fail instead (they stopped, but the term ended first).
 */
function planLeaving(plan: TrajectoryPlan, fadeEnd: number, termWeeks: number): void {
  if (plan.result !== 'Withdrawn') return;
  if (fadeEnd + 1 < termWeeks) plan.leave = fadeEnd + 1;
  else {
    plan.result = 'Fail';
    plan.floor = 0.15;
  }
}

export function drawTrajectory(rng: Random, termWeeks: number, baseline = 0): TrajectoryPlan {
  const kind = rng.weighted(KINDS, SHARES);
  const plan: TrajectoryPlan = {
    kind,
    onset: Infinity,
    recovery: Infinity,
    attendanceOnset: Infinity,
    depth: 0,
    rate: 0,
    result: 'Pass',
    leave: Infinity,
    fadeWeeks: 0,
    attendanceFadeWeeks: 0,
    floor: 1,
  };
  plan.result = drawResult(rng, kind, baseline);
  const floorFor = (result: TermResult) =>
    result === 'Withdrawn' ? 0 : result === 'Fail' ? rng.uniform(0.1, 0.25) : rng.uniform(0.45, 0.7);
  switch (kind) {
    case 'steady':
      if (plan.result === 'Withdrawn') {
        // an abrupt departure (personal reasons): a week or two of falling off, then gone
        plan.leave = indexIn(rng, 3, termWeeks - 2, termWeeks);
        plan.onset = plan.leave - 2;
        plan.attendanceOnset = plan.onset;
        plan.fadeWeeks = 2;
        plan.attendanceFadeWeeks = 2;
        plan.floor = 0;
        if (plan.leave >= termWeeks || plan.leave < 1) {
          plan.result = 'Fail';
          plan.leave = Infinity;
        }
        // the truth map reports a steady student with no change
        plan.onset = Infinity;
        plan.attendanceOnset = Infinity;
      } else if (plan.result === 'Fail') {
        plan.floor = rng.uniform(0.45, 0.75);
      }
      break;
    case 'gradual-decline':
      plan.onset = indexIn(rng, 2, termWeeks - 5, termWeeks);
      plan.attendanceOnset = plan.onset;
      plan.rate = rng.uniform(0.35, 0.6);
      plan.fadeWeeks = rng.int(3, 6);
      plan.attendanceFadeWeeks = plan.fadeWeeks;
      plan.floor = floorFor(plan.result);
      planLeaving(plan, plan.onset + plan.fadeWeeks, termWeeks);
      break;
    case 'vle-first-decline':
      plan.onset = indexIn(rng, 2, termWeeks - 5, termWeeks);
      plan.attendanceOnset = plan.onset + rng.int(3, 6);
      plan.rate = rng.uniform(0.4, 0.65);
      plan.fadeWeeks = rng.int(3, 6);
      plan.attendanceFadeWeeks = rng.int(2, 4);
      plan.floor = floorFor(plan.result);
      planLeaving(
        plan,
        Math.max(plan.onset + plan.fadeWeeks, plan.attendanceOnset + plan.attendanceFadeWeeks),
        termWeeks,
      );
      break;
    case 'sudden-drop':
      plan.onset = indexIn(rng, 3, termWeeks - 3, termWeeks);
      plan.attendanceOnset = plan.onset;
      plan.depth = rng.uniform(1.8, 2.8);
      plan.fadeWeeks = rng.int(1, 3);
      plan.attendanceFadeWeeks = plan.fadeWeeks;
      plan.floor = floorFor(plan.result);
      planLeaving(plan, plan.onset + plan.fadeWeeks, termWeeks);
      break;
    case 'recovery':
      plan.onset = indexIn(rng, 1, termWeeks - 6, termWeeks);
      plan.attendanceOnset = plan.onset;
      plan.recovery = plan.onset + rng.int(3, 4);
      plan.depth = rng.uniform(1.5, 2.5);
      break;
    case 'late-starter':
      plan.onset = 0;
      plan.attendanceOnset = 0;
      plan.recovery = rng.int(3, 4) + 1;
      plan.depth = rng.uniform(1.5, 2.2);
      break;
  }
  if (plan.result === 'Withdrawn' && (kind === 'recovery' || kind === 'late-starter')) {
    // came back, then left anyway: falls off over two weeks somewhere after the recovery
    const from = Number.isFinite(plan.recovery) ? plan.recovery + 1 : termWeeks;
    if (from + 2 < termWeeks) plan.leave = indexIn(rng, from + 2, termWeeks - 1, termWeeks);
    else plan.result = 'Fail';
  }
  if (plan.result === 'Fail' && (kind === 'recovery' || kind === 'late-starter'))
    plan.floor = rng.uniform(0.4, 0.7);
  return plan;
}

/** The shift from baseline, in standard deviations, for one channel in term week `t`. */
export function engagementShift(plan: TrajectoryPlan, t: number, channel: Channel): number {
  const onset = channel === 'attendance' ? plan.attendanceOnset : plan.onset;
  if (t < onset) return 0;
  switch (plan.kind) {
    case 'steady':
      return 0;
    case 'gradual-decline':
      return -Math.min(MAX_DECLINE, plan.rate * (t - onset + 1));
    case 'vle-first-decline':
      // attendance falls more slowly once it goes
      return -Math.min(MAX_DECLINE, (channel === 'attendance' ? 0.6 : 1) * plan.rate * (t - onset + 1));
    case 'sudden-drop':
      return -plan.depth;
    case 'recovery':
    case 'late-starter':
      if (t >= plan.recovery) return 0;
      return t === plan.recovery - 1 ? -plan.depth / 2 : -plan.depth;
  }
}

/**
 * The share of a student's usual activity that is left in term week `t` (0–1): 0 once they have left;
 * for a fading student a linear decay from the onset over the fade weeks down to their floor; for a steady
 * student who fails, a constant lower share (fewer active weeks: failing students are mostly absent).
 */
export function presence(plan: TrajectoryPlan, t: number, channel: Channel): number {
  if (t >= plan.leave) return 0;
  if (plan.kind === 'steady' || plan.kind === 'recovery' || plan.kind === 'late-starter') {
    if (Number.isFinite(plan.leave)) {
      // an abrupt leaver: half as active the week before going
      return t === plan.leave - 1 ? 0.4 : 1;
    }
    return plan.floor;
  }
  const onset = channel === 'attendance' ? plan.attendanceOnset : plan.onset;
  const weeks = channel === 'attendance' ? plan.attendanceFadeWeeks : plan.fadeWeeks;
  if (t < onset) return 1;
  const progress = Math.min(1, (t - onset + 1) / Math.max(1, weeks));
  return 1 - (1 - plan.floor) * progress;
}

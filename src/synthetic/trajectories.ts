/**
 * Engagement trajectories: how far a student's latent engagement moves from their own baseline in each
 * term week. Most students are steady; the others gradually disengage, drop suddenly, drop and recover,
 * start late, or decline online first while their attendance holds (the earliest warning).
 */
import type { Random } from './random.ts';
import type { Trajectory } from './types.ts';

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
}

export type Channel = 'attendance' | 'online';

export const TRAJECTORY_SHARES: Readonly<Record<Trajectory, number>> = {
  steady: 0.7,
  'gradual-decline': 0.09,
  'sudden-drop': 0.05,
  recovery: 0.06,
  'late-starter': 0.05,
  'vle-first-decline': 0.05,
};

const KINDS = Object.keys(TRAJECTORY_SHARES) as Trajectory[];
const SHARES = KINDS.map((kind) => TRAJECTORY_SHARES[kind]);
const MAX_DECLINE = 2.8;

/** A term-week index in [from, to], squeezed into the span when the span is short. */
function indexIn(rng: Random, from: number, to: number, termWeeks: number): number {
  const last = termWeeks - 1;
  const low = Math.min(from, last);
  return rng.int(low, Math.max(low, Math.min(to, last)));
}

export function drawTrajectory(rng: Random, termWeeks: number): TrajectoryPlan {
  const kind = rng.weighted(KINDS, SHARES);
  const plan: TrajectoryPlan = {
    kind,
    onset: Infinity,
    recovery: Infinity,
    attendanceOnset: Infinity,
    depth: 0,
    rate: 0,
  };
  switch (kind) {
    case 'steady':
      break;
    case 'gradual-decline':
      plan.onset = indexIn(rng, 2, termWeeks - 5, termWeeks);
      plan.attendanceOnset = plan.onset;
      plan.rate = rng.uniform(0.35, 0.6);
      break;
    case 'vle-first-decline':
      plan.onset = indexIn(rng, 2, termWeeks - 5, termWeeks);
      plan.attendanceOnset = plan.onset + rng.int(3, 6);
      plan.rate = rng.uniform(0.4, 0.65);
      break;
    case 'sudden-drop':
      plan.onset = indexIn(rng, 3, termWeeks - 3, termWeeks);
      plan.attendanceOnset = plan.onset;
      plan.depth = rng.uniform(1.8, 2.8);
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

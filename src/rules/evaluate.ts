/**
 * Does an alert rule's condition hold for one student in their latest scored week? Pure and
 * allocation-light (one walk back over the history, no intermediate arrays): the weekly cycle runs every
 * enabled rule over every student. Whether the rule *fires* is episodes.ts's business; `enabled` is the
 * caller's (a disabled rule can still be previewed).
 *
 * Like the signals (docs/signals.md), triggers read the history without shared-cause weeks — a week in which the
 * whole peer group's activity fell is neither a low week nor a drop:
 * - below: the latest scored week's score < threshold;
 * - belowForWeeks: the latest `weeks` scored weeks in a row all < threshold;
 * - dropInWeek: never in a shared-cause week; otherwise the previous scored week − the latest > points;
 * - lowEngagementForWeeks: the latest `weeks` scored weeks each had activity ≤ maxActivity or an activity
 *   percentile ≤ bottomShare.
 * Conditions then narrow it: attendance below P% in the latest scored week (none recorded: no), no staff
 * contact for D days (never contacted: yes), no open case, a predicted trajectory in a set (none: no).
 * Students outside the rule's scope, and statuses excluded from alerts, never hold.
 */
import { EXCLUDED_STATUSES } from '../domain/model.ts';
import type { Student } from '../domain/model.ts';
import type { ScoreHistoryPoint } from '../repositories/scores.ts';
import type { AlertRule, RuleScope } from './schema.ts';

/** What a rule needs of a weekly score; a stored ScoreHistoryPoint satisfies it. */
export type RulePoint = Pick<
  ScoreHistoryPoint,
  'week' | 'score' | 'attendancePct' | 'activity' | 'activityPercentile' | 'sharedCause'
>;

/** What a rule needs of a student; `status`, when given, excludes interrupted, placement, abroad, distance. */
export type RuleStudent = Pick<Student, 'id' | 'facultyId' | 'programmeId' | 'yearOfStudy' | 'cohort'> & {
  status?: Student['status'];
};

export interface RuleContext {
  /** The latest staff contact with the student (contacts after `asOf` are ignored), or null if none. */
  lastContactAt: Date | null;
  /** The student has an active (open or monitoring) support case. */
  openCase: boolean;
  asOf: Date;
  /** Predicted trajectory (docs/prediction.md), once the prediction layer provides one. */
  trajectory?: string | null;
}

export interface RuleEvaluation {
  holds: boolean;
  reason: string;
}

const DAY_MS = 86_400_000;
const NO_HISTORY: RuleEvaluation = { holds: false, reason: 'no scored weeks' };
const ONLY_SHARED: RuleEvaluation = { holds: false, reason: 'no scored weeks outside shared-cause weeks' };
const OUT_OF_SCOPE: RuleEvaluation = { holds: false, reason: 'outside the rule scope' };
const EXCLUDED: RuleEvaluation = { holds: false, reason: 'student status is excluded from alerts' };

export function inScope(scope: RuleScope, student: RuleStudent): boolean {
  return (
    (scope.facultyIds === undefined || scope.facultyIds.includes(student.facultyId)) &&
    (scope.programmeIds === undefined || scope.programmeIds.includes(student.programmeId)) &&
    (scope.yearsOfStudy === undefined || scope.yearsOfStudy.includes(student.yearOfStudy)) &&
    (scope.cohorts === undefined || scope.cohorts.includes(student.cohort))
  );
}

/** Whole UTC days from the last contact to `asOf`; null when never contacted (or only after `asOf`). */
function daysSince(lastContactAt: Date | null, asOf: Date): number | null {
  if (lastContactAt === null || lastContactAt.getTime() > asOf.getTime()) return null;
  return Math.floor(asOf.getTime() / DAY_MS) - Math.floor(lastContactAt.getTime() / DAY_MS);
}

/** Index of the latest point at or before `from` outside a shared-cause week, or -1. */
function previousScored(history: readonly RulePoint[], from: number): number {
  let i = from;
  while (i >= 0 && (history[i] as RulePoint).sharedCause !== null) i--;
  return i;
}

/** The trigger's verdict; `latest` is the index of the latest scored (non-shared-cause) week. */
function evaluateTrigger(
  trigger: AlertRule['trigger'],
  history: readonly RulePoint[],
  latest: number,
): RuleEvaluation {
  const point = history[latest] as RulePoint;
  switch (trigger.kind) {
    case 'below':
      return point.score < trigger.threshold
        ? { holds: true, reason: `score ${point.score} below ${trigger.threshold}` }
        : { holds: false, reason: `score ${point.score} not below ${trigger.threshold}` };
    case 'belowForWeeks': {
      let run = 0;
      for (let i = latest; i >= 0 && run < trigger.weeks; i = previousScored(history, i - 1)) {
        if ((history[i] as RulePoint).score >= trigger.threshold) break;
        run += 1;
      }
      return run >= trigger.weeks
        ? {
            holds: true,
            reason: `score below ${trigger.threshold} for ${trigger.weeks} consecutive weeks (now ${point.score})`,
          }
        : {
            holds: false,
            reason: `score below ${trigger.threshold} for ${run} of ${trigger.weeks} consecutive weeks`,
          };
    }
    case 'dropInWeek': {
      const last = history[history.length - 1] as RulePoint;
      if (last.sharedCause !== null) {
        return { holds: false, reason: `${last.week} is a shared-cause week: no drop alerts` };
      }
      const before = previousScored(history, latest - 1);
      if (before < 0) return { holds: false, reason: 'no earlier scored week to compare with' };
      const previous = history[before] as RulePoint;
      const drop = previous.score - point.score;
      return drop > trigger.points
        ? {
            holds: true,
            reason: `score fell ${drop} points in a week (${previous.score} → ${point.score}), more than ${trigger.points}`,
          }
        : {
            holds: false,
            reason: `score changed ${-drop} points in a week, not a drop of more than ${trigger.points}`,
          };
    }
    case 'lowEngagementForWeeks': {
      let run = 0;
      for (let i = latest; i >= 0 && run < trigger.weeks; i = previousScored(history, i - 1)) {
        const p = history[i] as RulePoint;
        if (p.activity > trigger.maxActivity && p.activityPercentile > trigger.bottomShare) break;
        run += 1;
      }
      return run >= trigger.weeks
        ? { holds: true, reason: `no or very low activity for ${trigger.weeks} consecutive weeks` }
        : { holds: false, reason: `low activity for ${run} of ${trigger.weeks} consecutive weeks` };
    }
  }
}

/**
 * Whether the rule's condition holds for the student's latest week. `history` is the student's scored
 * term weeks, oldest first, one per week (a RangeError otherwise).
 */
export function evaluateRule(
  rule: AlertRule,
  student: RuleStudent,
  history: readonly RulePoint[],
  context: RuleContext,
): RuleEvaluation {
  if (student.status !== undefined && EXCLUDED_STATUSES.includes(student.status)) return EXCLUDED;
  if (!inScope(rule.scope, student)) return OUT_OF_SCOPE;
  for (let i = 1; i < history.length; i++) {
    const before = (history[i - 1] as RulePoint).week;
    const after = (history[i] as RulePoint).week;
    if (before >= after) {
      throw new RangeError(`score history must be oldest first, one per week: ${before} then ${after}`);
    }
  }
  if (history.length === 0) return NO_HISTORY;
  const latest = previousScored(history, history.length - 1);
  if (latest < 0) return ONLY_SHARED;

  const triggered = evaluateTrigger(rule.trigger, history, latest);
  if (!triggered.holds) return triggered;

  const { conditions } = rule;
  let reason = triggered.reason;
  if (conditions.attendanceBelowPct !== undefined) {
    const attendance = (history[latest] as RulePoint).attendancePct;
    if (attendance === null) return { holds: false, reason: `${reason}, but no attendance recorded` };
    if (attendance >= conditions.attendanceBelowPct) {
      return {
        holds: false,
        reason: `${reason}, but attendance ${attendance}% is not below ${conditions.attendanceBelowPct}%`,
      };
    }
    reason += ` and attendance ${attendance}% below ${conditions.attendanceBelowPct}%`;
  }
  if (conditions.noContactForDays !== undefined) {
    const days = daysSince(context.lastContactAt, context.asOf);
    if (days !== null && days < conditions.noContactForDays) {
      return { holds: false, reason: `${reason}, but staff contact ${days} days ago` };
    }
    reason += days === null ? ' and never contacted' : ` and no contact for ${days} days`;
  }
  if (conditions.noOpenCase === true) {
    if (context.openCase) return { holds: false, reason: `${reason}, but a support case is open` };
    reason += ' and no open case';
  }
  if (conditions.trajectoryIn !== undefined) {
    const trajectory = context.trajectory ?? null;
    if (trajectory === null || !conditions.trajectoryIn.includes(trajectory)) {
      return { holds: false, reason: `${reason}, but trajectory is ${trajectory ?? 'unknown'}` };
    }
    reason += ` and trajectory ${trajectory}`;
  }
  return { holds: true, reason };
}

/** One-line, staff-facing descriptions of a rule's trigger, conditions, scope and actions (CLI and chat lists). */
import type { AlertRule, RuleAction } from './schema.ts';

export function describeTrigger(trigger: AlertRule['trigger']): string {
  switch (trigger.kind) {
    case 'below':
      return `score below ${trigger.threshold}`;
    case 'belowForWeeks':
      return `score below ${trigger.threshold} for ${trigger.weeks} consecutive weeks`;
    case 'dropInWeek':
      return `score drop of more than ${trigger.points} in one week`;
    case 'lowEngagementForWeeks':
      return `no or very low activity for ${trigger.weeks} weeks`;
  }
}

export function describeConditions(rule: AlertRule): string[] {
  const { conditions: c } = rule;
  return [
    ...(c.attendanceBelowPct !== undefined ? [`attendance below ${c.attendanceBelowPct}%`] : []),
    ...(c.noContactForDays !== undefined ? [`no contact for ${c.noContactForDays} days`] : []),
    ...(c.noOpenCase ? ['no open case'] : []),
    ...(c.trajectoryIn !== undefined ? [`trajectory ${c.trajectoryIn.join('/')}`] : []),
  ];
}

export function describeScope(rule: AlertRule): string {
  const { scope: s } = rule;
  const parts = [
    ...(s.facultyIds ? [`faculty ${s.facultyIds.join('/')}`] : []),
    ...(s.programmeIds ? [`programme ${s.programmeIds.join('/')}`] : []),
    ...(s.yearsOfStudy ? [`year ${s.yearsOfStudy.join('/')}`] : []),
    ...(s.cohorts ? [`cohort ${s.cohorts.join('/')}`] : []),
  ];
  return parts.length === 0 ? 'all students' : parts.join(', ');
}

export function describeAction(action: RuleAction): string {
  if (action.kind !== 'workflow') return action.kind;
  const steps = action.steps.map(
    (step) =>
      `${step.delayDays > 0 ? `+${step.delayDays}d ` : ''}${step.do}${step.when === 'always' ? '' : ' if no contact'}`,
  );
  return `workflow(${steps.join(' → ')})`;
}

/** "score below 300 for 2 consecutive weeks AND attendance below 75%" */
export function describeCondition(rule: AlertRule): string {
  return [describeTrigger(rule.trigger), ...describeConditions(rule)].join(' AND ');
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE } from '../../src/rules/defaults.ts';
import { parseRule, ruleSchema, RuleValidationError } from '../../src/rules/schema.ts';

const base = {
  id: 'welfare-referral',
  name: 'Priority welfare referral',
  trigger: { kind: 'below', threshold: 300 },
  actions: [{ kind: 'notify-tutor' }],
};

function problems(input: unknown): string[] {
  try {
    parseRule(input);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleValidationError);
    return (error as RuleValidationError).problems;
  }
  throw new Error('expected the rule to be rejected');
}

describe('rule schema', () => {
  it('accepts the shipped default rule as it is stored', () => {
    expect(ruleSchema.parse(JSON.parse(JSON.stringify(DEFAULT_RULE)))).toEqual(DEFAULT_RULE);
    expect(DEFAULT_RULE).toMatchObject({
      enabled: true,
      trigger: { kind: 'belowForWeeks', threshold: 300, weeks: 2 },
      actions: [{ kind: 'notify-tutor' }],
      conditions: {},
      scope: {},
    });
  });

  it('fills defaults: enabled, low-engagement thresholds, workflow step delays and conditions', () => {
    const rule = parseRule({
      ...base,
      enabled: undefined,
      trigger: { kind: 'lowEngagementForWeeks', weeks: 2 },
      actions: [{ kind: 'workflow', steps: [{ do: 'notify-tutor' }] }, { kind: 'email-student' }],
    });
    expect(rule.enabled).toBe(true);
    expect(rule.trigger).toEqual({
      kind: 'lowEngagementForWeeks',
      weeks: 2,
      maxActivity: 0,
      bottomShare: 0.05,
    });
    expect(rule.actions).toEqual([
      { kind: 'workflow', steps: [{ do: 'notify-tutor', delayDays: 0, when: 'always' }] },
      { kind: 'email-student', includeScore: false },
    ]);
  });

  it('accepts a compound, scoped rule ending in the missing-student procedure', () => {
    const rule = parseRule({
      ...base,
      conditions: {
        attendanceBelowPct: 75,
        noContactForDays: 14,
        noOpenCase: true,
        trajectoryIn: ['At Risk'],
      },
      scope: { facultyIds: ['F1'], programmeIds: ['P1'], yearsOfStudy: [1, 2], cohorts: ['2026-SEP'] },
      actions: [
        {
          kind: 'workflow',
          steps: [
            { do: 'notify-tutor' },
            { do: 'escalate-to-student-support', delayDays: 7, when: 'no-contact-since-step-started' },
            { do: 'missing-student-procedure', delayDays: 7, when: 'no-contact-since-step-started' },
          ],
        },
      ],
    });
    expect(rule.conditions.attendanceBelowPct).toBe(75);
    expect(rule.scope.yearsOfStudy).toEqual([1, 2]);
  });

  it.each([
    [{ ...base, id: 'Has Spaces' }, /^id must be lowercase/],
    [{ ...base, name: '  ' }, /^name must not be empty/],
    [{ ...base, trigger: { kind: 'sometimes' } }, /^trigger.kind must be one of below/],
    [
      { ...base, trigger: { kind: 'below', threshold: 1200 } },
      /^trigger.threshold must be between 0 and 1000/,
    ],
    [
      { ...base, trigger: { kind: 'belowForWeeks', threshold: 300, weeks: 0 } },
      /^trigger.weeks must be at least 1/,
    ],
    [{ ...base, trigger: { kind: 'belowForWeeks', threshold: 300 } }, /^trigger.weeks must be a number/],
    [{ ...base, trigger: { kind: 'dropInWeek', points: -5 } }, /^trigger.points must be greater than 0/],
    [
      { ...base, conditions: { attendanceBelowPct: 120 } },
      /^conditions.attendanceBelowPct must be at most 100/,
    ],
    [
      { ...base, conditions: { noContactForDays: 2.5 } },
      /^conditions.noContactForDays must be a whole number/,
    ],
    [{ ...base, scope: { facultyIds: [] } }, /^scope.facultyIds must not be empty/],
    [{ ...base, actions: [] }, /^actions must list at least one action/],
    [{ ...base, actions: [{ kind: 'phone-parents' }] }, /^actions.0.kind: action kind must be one of/],
    [
      {
        ...base,
        actions: [{ kind: 'workflow', steps: [{ do: 'missing-student-procedure' }, { do: 'notify-tutor' }] }],
      },
      /^actions.0.steps: missing-student-procedure can only be the last workflow step/,
    ],
    [
      { ...base, actions: [{ kind: 'workflow', steps: [{ do: 'notify-tutor', delayDays: -1 }] }] },
      /^actions.0.steps.0.delayDays: workflow step delayDays must not be negative/,
    ],
  ])('rejects a bad rule with a message naming the field (%#)', (input, message) => {
    const found = problems(input);
    expect(
      found.some((problem) => message.test(problem)),
      found.join(' | '),
    ).toBe(true);
  });

  it('puts every problem in the error message', () => {
    expect(() => parseRule({ ...base, id: '', actions: [] })).toThrow(/id must be .*; actions must list/);
  });

  it('rejects unknown fields rather than ignoring a misspelt condition', () => {
    expect(problems({ ...base, conditions: { attendanceBelow: 75 } }).join(' ')).toMatch(/conditions/);
  });
});

/**
 * Alert rules as data (docs/rules.md): a zod schema for one rule — a trigger, optional compound conditions, a
 * scope and the actions to take — and `parseRule`, which fills defaults and reports every problem as
 * "<field path>: <message>". Rules are evaluated by evaluate.ts; this file only says what a valid rule is.
 */
import { z } from 'zod';

const scoreThreshold = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .min(0, `${field} must be between 0 and 1000`)
    .max(1000, `${field} must be between 0 and 1000`);
const weekCount = (field: string) =>
  z
    .number({ error: `${field} must be a number of weeks` })
    .int(`${field} must be a whole number of weeks`)
    .min(1, `${field} must be at least 1 week`)
    .max(52, `${field} must be at most 52 weeks`);
const dayCount = (field: string) =>
  z
    .number({ error: `${field} must be a number of days` })
    .int(`${field} must be a whole number of days`)
    .min(0, `${field} must not be negative`);

/** What starts an episode; each reads the student's scored term weeks, latest last. */
export const triggerSchema = z.discriminatedUnion(
  'kind',
  [
    /** The latest score is below `threshold` (the episode's first week is "below for the first time"). */
    z.object({ kind: z.literal('below'), threshold: scoreThreshold('trigger.threshold') }),
    /** The latest `weeks` consecutive scored weeks are all below `threshold`. */
    z.object({
      kind: z.literal('belowForWeeks'),
      threshold: scoreThreshold('trigger.threshold'),
      weeks: weekCount('trigger.weeks'),
    }),
    /** The latest week's score is more than `points` below the previous scored week's. */
    z.object({
      kind: z.literal('dropInWeek'),
      points: z
        .number({ error: 'trigger.points must be a number' })
        .gt(0, 'trigger.points must be greater than 0')
        .max(1000, 'trigger.points must be at most 1000'),
    }),
    /** The latest `weeks` scored weeks each had activity ≤ maxActivity or a percentile ≤ bottomShare. */
    z.object({
      kind: z.literal('lowEngagementForWeeks'),
      weeks: weekCount('trigger.weeks'),
      maxActivity: z
        .number({ error: 'trigger.maxActivity must be a number' })
        .min(0, 'trigger.maxActivity must not be negative')
        .default(0),
      bottomShare: z
        .number({ error: 'trigger.bottomShare must be a number' })
        .min(0, 'trigger.bottomShare must be between 0 and 1')
        .max(1, 'trigger.bottomShare must be between 0 and 1')
        .default(0.05),
    }),
  ],
  {
    error: 'trigger.kind must be one of below, belowForWeeks, dropInWeek, lowEngagementForWeeks',
  },
);

/** Extra conditions that must all hold too (a compound rule). */
export const conditionsSchema = z
  .object({
    /** The latest scored week's attendance is below this percentage (no attendance recorded: not below). */
    attendanceBelowPct: z
      .number({ error: 'conditions.attendanceBelowPct must be a number' })
      .gt(0, 'conditions.attendanceBelowPct must be greater than 0')
      .max(100, 'conditions.attendanceBelowPct must be at most 100')
      .optional(),
    /** No staff contact logged for at least this many days (never contacted counts). */
    noContactForDays: dayCount('conditions.noContactForDays')
      .min(1, 'conditions.noContactForDays must be at least 1')
      .optional(),
    /** The student has no open support case. */
    noOpenCase: z.boolean({ error: 'conditions.noOpenCase must be true or false' }).optional(),
    /** The predicted trajectory (docs/prediction.md) is one of these; a student without a prediction does not match. */
    trajectoryIn: z
      .array(z.string().min(1, 'conditions.trajectoryIn entries must not be empty'), {
        error: 'conditions.trajectoryIn must be a list of trajectories',
      })
      .min(1, 'conditions.trajectoryIn must list at least one trajectory')
      .optional(),
  })
  .strict()
  .default({});

/** Which students the rule applies to; each field, when given, keeps students whose value is listed. */
export const scopeSchema = z
  .object({
    facultyIds: z.array(z.string().min(1)).min(1, 'scope.facultyIds must not be empty').optional(),
    programmeIds: z.array(z.string().min(1)).min(1, 'scope.programmeIds must not be empty').optional(),
    yearsOfStudy: z
      .array(z.number().int('scope.yearsOfStudy must be whole numbers').min(1))
      .min(1, 'scope.yearsOfStudy must not be empty')
      .optional(),
    cohorts: z.array(z.string().min(1)).min(1, 'scope.cohorts must not be empty').optional(),
  })
  .strict()
  .default({});

/** What a workflow step does when it comes due. */
export const STEP_ACTIONS = [
  'notify-tutor',
  'email-student',
  'create-case',
  'escalate-to-student-support',
  'missing-student-procedure',
] as const;

/**
 * When a due step runs: always, or only if no staff contact was logged since the step started (its delay
 * began when the previous step ran); otherwise the workflow ends there.
 */
export const STEP_CONDITIONS = ['always', 'no-contact-since-step-started'] as const;

export const workflowStepSchema = z.object({
  do: z.enum(STEP_ACTIONS, { error: `workflow step "do" must be one of ${STEP_ACTIONS.join(', ')}` }),
  delayDays: dayCount('workflow step delayDays').default(0),
  when: z
    .enum(STEP_CONDITIONS, { error: `workflow step "when" must be one of ${STEP_CONDITIONS.join(', ')}` })
    .default('always'),
});

export const actionSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('notify-tutor') }),
    /** A plain-language email describing the trend; the score itself only when `includeScore`. */
    z.object({ kind: z.literal('email-student'), includeScore: z.boolean().default(false) }),
    /** Open a case, or append to the student's open case's timeline (never a duplicate case). */
    z.object({ kind: z.literal('create-case') }),
    z.object({
      kind: z.literal('workflow'),
      steps: z
        .array(workflowStepSchema, { error: 'workflow steps must be a list' })
        .min(1, 'a workflow needs at least one step')
        .refine(
          (steps) =>
            steps.every((step, i) => step.do !== 'missing-student-procedure' || i === steps.length - 1),
          'missing-student-procedure can only be the last workflow step',
        ),
    }),
  ],
  { error: 'action kind must be one of notify-tutor, email-student, create-case, workflow' },
);

export const ruleSchema = z
  .object({
    id: z
      .string({ error: 'id must be a string' })
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'id must be lowercase letters, digits and hyphens (at most 64)'),
    name: z.string({ error: 'name must be a string' }).trim().min(1, 'name must not be empty'),
    enabled: z.boolean({ error: 'enabled must be true or false' }).default(true),
    trigger: triggerSchema,
    conditions: conditionsSchema,
    scope: scopeSchema,
    actions: z
      .array(actionSchema, { error: 'actions must be a list' })
      .min(1, 'actions must list at least one action'),
  })
  .strict();

export type AlertRule = z.output<typeof ruleSchema>;
export type Trigger = AlertRule['trigger'];
export type RuleScope = AlertRule['scope'];
export type RuleAction = AlertRule['actions'][number];
export type WorkflowStep = z.output<typeof workflowStepSchema>;

/**
 * Each problem as "<field path>: <message>" (e.g. "actions.0.steps: a workflow needs at least one step"),
 * or just the message when it already starts with the field's name.
 */
export function describeRuleErrors(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (path === '') return issue.message;
    return issue.message.startsWith(path) ? issue.message : `${path}: ${issue.message}`;
  });
}

export class RuleValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid alert rule: ${problems.join('; ')}`);
    this.name = 'RuleValidationError';
  }
}

/** Validates a rule, filling defaults; throws a RuleValidationError naming each offending field. */
export function parseRule(input: unknown): AlertRule {
  const result = ruleSchema.safeParse(input);
  if (!result.success) throw new RuleValidationError(describeRuleErrors(result.error));
  return result.data;
}

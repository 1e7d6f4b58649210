/** Builders for rule tests: students, contexts and rules from a few fields; histories come from the signals fixtures. */
import { parseRule } from '../../src/rules/schema.ts';
import type { AlertRule } from '../../src/rules/schema.ts';
import type { RuleContext, RuleStudent } from '../../src/rules/evaluate.ts';
import { AS_OF } from '../signals/fixtures.ts';

export { history, daysBefore } from '../signals/fixtures.ts';

export function student(id = 's1', fields: Partial<RuleStudent> = {}): RuleStudent {
  return { id, facultyId: 'F1', programmeId: 'P1', yearOfStudy: 1, cohort: '2026-SEP', ...fields };
}

export function context(fields: Partial<RuleContext> = {}): RuleContext {
  return { lastContactAt: null, openCase: false, asOf: AS_OF, ...fields };
}

export function rule(fields: Record<string, unknown>): AlertRule {
  return parseRule({ id: 'r1', name: 'Test rule', actions: [{ kind: 'notify-tutor' }], ...fields });
}

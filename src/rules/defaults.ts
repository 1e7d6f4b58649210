/**
 * The shipped default alert rule (docs/rules.md): a score below 300 for two consecutive scored weeks notifies
 * the student's personal tutor.
 */
import { parseRule } from './schema.ts';
import type { AlertRule } from './schema.ts';

export const DEFAULT_RULE_ID = 'below-300-two-weeks';

export const DEFAULT_RULE: AlertRule = parseRule({
  id: DEFAULT_RULE_ID,
  name: 'Score below 300 for two consecutive weeks',
  enabled: true,
  trigger: { kind: 'belowForWeeks', threshold: 300, weeks: 2 },
  actions: [{ kind: 'notify-tutor' }],
});

export const DEFAULT_RULES: readonly AlertRule[] = [DEFAULT_RULE];

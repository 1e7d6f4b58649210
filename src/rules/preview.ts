/**
 * Preview before saving (docs/rules.md): for a rule and many students' inputs, the students whose condition
 * holds now (within the rule's scope), lowest latest score first, then student id. It ignores episodes
 * and `enabled`: it answers "who would this rule fire for if it started today?".
 */
import { evaluateRule } from './evaluate.ts';
import type { RuleContext, RulePoint, RuleStudent } from './evaluate.ts';
import type { AlertRule } from './schema.ts';

export interface RuleInput {
  student: RuleStudent;
  /** Scored term weeks, oldest first. */
  history: readonly RulePoint[];
  context: RuleContext;
}

export interface PreviewHit {
  student: RuleStudent;
  /** The latest week and score (null when never scored — such a student never holds). */
  week: string | null;
  score: number | null;
  reason: string;
}

export interface RulePreview {
  count: number;
  students: PreviewHit[];
}

export function previewRule(rule: AlertRule, inputs: Iterable<RuleInput>): RulePreview {
  const students: PreviewHit[] = [];
  for (const { student, history, context } of inputs) {
    const { holds, reason } = evaluateRule(rule, student, history, context);
    if (!holds) continue;
    const latest = history[history.length - 1];
    students.push({ student, week: latest?.week ?? null, score: latest?.score ?? null, reason });
  }
  students.sort(
    (a, b) =>
      (a.score ?? Infinity) - (b.score ?? Infinity) ||
      (a.student.id < b.student.id ? -1 : a.student.id > b.student.id ? 1 : 0),
  );
  return { count: students.length, students };
}

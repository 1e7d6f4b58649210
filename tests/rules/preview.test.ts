import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE } from '../../src/rules/defaults.ts';
import { previewRule } from '../../src/rules/preview.ts';
import { context, history, rule, student } from './fixtures.ts';

const inputs = [
  { student: student('a', { facultyId: 'F1' }), history: history([290, 280]), context: context() },
  { student: student('b', { facultyId: 'F2' }), history: history([250, 210]), context: context() },
  { student: student('c', { facultyId: 'F1' }), history: history([400, 280]), context: context() },
  { student: student('d', { facultyId: 'F1' }), history: history([299, 280]), context: context() },
  {
    student: student('e', { facultyId: 'F1', status: 'abroad' }),
    history: history([100, 100]),
    context: context(),
  },
  { student: student('f', { facultyId: 'F1' }), history: [], context: context() },
];

describe('previewRule', () => {
  it('counts and lists the students the rule holds for now, lowest score first, then id', () => {
    const preview = previewRule(DEFAULT_RULE, inputs);
    expect(preview.count).toBe(3);
    expect(preview.students.map((hit) => [hit.student.id, hit.score])).toEqual([
      ['b', 210],
      ['a', 280],
      ['d', 280],
    ]);
    expect(preview.students[0]!.reason).toMatch(/below 300 for 2 consecutive weeks/);
  });

  it('respects the scope, and previews a rule that is not enabled yet', () => {
    const scoped = rule({
      enabled: false,
      trigger: { kind: 'belowForWeeks', threshold: 300, weeks: 2 },
      scope: { facultyIds: ['F1'] },
    });
    expect(previewRule(scoped, inputs).students.map((hit) => hit.student.id)).toEqual(['a', 'd']);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE } from '../../src/rules/defaults.ts';
import { evaluateRule } from '../../src/rules/evaluate.ts';
import { context, daysBefore, history, rule, student } from './fixtures.ts';

const holds = (r: Parameters<typeof evaluateRule>[0], scores: Parameters<typeof history>) =>
  evaluateRule(r, student(), history(...scores), context()).holds;

describe('evaluateRule: triggers', () => {
  it('default rule: below 300 for exactly two weeks holds, one week does not', () => {
    expect(holds(DEFAULT_RULE, [[400, 299, 280]])).toBe(true);
    expect(holds(DEFAULT_RULE, [[400, 320, 280]])).toBe(false);
    expect(holds(DEFAULT_RULE, [[280]])).toBe(false);
    expect(holds(DEFAULT_RULE, [[280, 300]])).toBe(false); // 300 is not below 300
    expect(evaluateRule(DEFAULT_RULE, student(), history([250, 280]), context()).reason).toMatch(
      /below 300 for 2 consecutive weeks/,
    );
  });

  it('below: the latest score strictly below the threshold', () => {
    const below = rule({ trigger: { kind: 'below', threshold: 300 } });
    expect(holds(below, [[500, 299]])).toBe(true);
    expect(holds(below, [[200, 300]])).toBe(false);
  });

  it('dropInWeek: more than X points between consecutive scored weeks', () => {
    const drop = rule({ trigger: { kind: 'dropInWeek', points: 100 } });
    expect(holds(drop, [[600, 499]])).toBe(true);
    expect(holds(drop, [[600, 500]])).toBe(false); // exactly 100 is not more than 100
    expect(holds(drop, [[500]])).toBe(false);
  });

  it('dropInWeek: a shared-cause week never holds, and the drop skips shared-cause weeks', () => {
    const drop = rule({ trigger: { kind: 'dropInWeek', points: 100 } });
    const inShared = evaluateRule(
      drop,
      student(),
      history([600, 300], { 1: { sharedCause: true } }),
      context(),
    );
    expect(inShared).toEqual({ holds: false, reason: expect.stringMatching(/shared-cause week/) });
    // 600 → (shared 200) → 450: compares 600 with 450, a drop of 150.
    expect(holds(drop, [[600, 200, 450], { 1: { sharedCause: true } }])).toBe(true);
    // 600 → (shared 700) → 550: a drop of 50 from 600, not a rise from 700.
    expect(holds(drop, [[600, 700, 550], { 1: { sharedCause: true } }])).toBe(false);
  });

  it('belowForWeeks counts consecutive scored weeks, skipping shared-cause weeks', () => {
    const three = rule({ trigger: { kind: 'belowForWeeks', threshold: 300, weeks: 3 } });
    expect(holds(three, [[250, 400, 260, 270], { 1: { sharedCause: true } }])).toBe(true);
    expect(holds(three, [[400, 250, 260, 270]])).toBe(true);
    expect(holds(three, [[250, 400, 260, 270]])).toBe(false);
  });

  it('lowEngagementForWeeks: activity ≤ maxActivity or percentile ≤ bottomShare for N weeks', () => {
    const low = rule({ trigger: { kind: 'lowEngagementForWeeks', weeks: 2 } });
    const quiet = { activity: 0 };
    const bottom = { activityPercentile: 0.05 };
    expect(holds(low, [[500, 500, 500], { 1: quiet, 2: bottom }])).toBe(true);
    expect(holds(low, [[500, 500, 500], { 2: quiet }])).toBe(false);
    expect(holds(low, [[500, 500, 500], { 1: quiet, 2: { activity: 1, activityPercentile: 0.06 } }])).toBe(
      false,
    );
  });

  it('never holds without history, or for a student whose status is excluded from alerts', () => {
    expect(evaluateRule(DEFAULT_RULE, student(), [], context())).toEqual({
      holds: false,
      reason: 'no scored weeks',
    });
    expect(
      evaluateRule(DEFAULT_RULE, student('s1', { status: 'placement' }), history([200, 200]), context())
        .holds,
    ).toBe(false);
  });

  it('rejects a history that is not oldest first', () => {
    expect(() => evaluateRule(DEFAULT_RULE, student(), history([200, 200]).reverse(), context())).toThrow(
      RangeError,
    );
  });
});

describe('evaluateRule: compound conditions and scope', () => {
  const welfare = rule({
    trigger: { kind: 'below', threshold: 300 },
    conditions: { attendanceBelowPct: 75 },
  });

  it('score < 300 AND attendance < 75%', () => {
    expect(holds(welfare, [[280], { 0: { attendancePct: 60 } }])).toBe(true);
    expect(holds(welfare, [[280], { 0: { attendancePct: 75 } }])).toBe(false);
    expect(holds(welfare, [[320], { 0: { attendancePct: 50 } }])).toBe(false);
    expect(holds(welfare, [[280], { 0: { attendancePct: null } }])).toBe(false);
    expect(
      evaluateRule(welfare, student(), history([280], { 0: { attendancePct: 60 } }), context()).reason,
    ).toBe('score 280 below 300 and attendance 60% below 75%');
  });

  it('no contact for D days (never contacted counts), no open case, trajectory', () => {
    const r = rule({
      trigger: { kind: 'below', threshold: 300 },
      conditions: { noContactForDays: 14, noOpenCase: true, trajectoryIn: ['At Risk'] },
    });
    const at = (fields: Parameters<typeof context>[0]) =>
      evaluateRule(r, student(), history([250]), context({ trajectory: 'At Risk', ...fields })).holds;
    expect(at({})).toBe(true);
    expect(at({ lastContactAt: daysBefore(14) })).toBe(true);
    expect(at({ lastContactAt: daysBefore(13) })).toBe(false);
    expect(at({ openCase: true })).toBe(false);
    expect(at({ trajectory: 'Stable' })).toBe(false);
    expect(at({ trajectory: null })).toBe(false);
  });

  it('scope: faculty, programme, year and cohort', () => {
    const scoped = rule({
      trigger: { kind: 'below', threshold: 300 },
      scope: { facultyIds: ['F1'], programmeIds: ['P1', 'P2'], yearsOfStudy: [1], cohorts: ['2026-SEP'] },
    });
    const at = (fields: Parameters<typeof student>[1]) =>
      evaluateRule(scoped, student('s1', fields), history([250]), context());
    expect(at({}).holds).toBe(true);
    expect(at({ programmeId: 'P2' }).holds).toBe(true);
    expect(at({ facultyId: 'F2' })).toEqual({ holds: false, reason: 'outside the rule scope' });
    expect(at({ programmeId: 'P3' }).holds).toBe(false);
    expect(at({ yearOfStudy: 2 }).holds).toBe(false);
    expect(at({ cohort: '2025-SEP' }).holds).toBe(false);
  });
});

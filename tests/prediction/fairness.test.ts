// The fairness table against figures worked by hand: flag rate, precision and recall per group, small
// groups not shown, and the group that would give a hidden one away hidden with it.
import { describe, expect, it } from 'vitest';
import {
  fairnessTable,
  MIN_GROUP_STUDENTS,
  type FairnessRow,
  type Grouping,
} from '../../src/prediction/fairness.ts';

/** 22 students: s0..s11 in band A, s12..s21 in band B. */
const rows: FairnessRow[] = Array.from({ length: 22 }, (_, i) => ({
  studentId: `s${i}`,
  bad: false,
  flagged: false,
}));
const set = (ids: number[], field: 'bad' | 'flagged') =>
  ids.forEach((i) => ((rows[i] as FairnessRow)[field] = true));
// Band A: 4 bad (s0..s3); flagged s0, s1, s2 (bad) and s4, s5 (not bad).
set([0, 1, 2, 3], 'bad');
set([0, 1, 2, 4, 5], 'flagged');
// Band B: 2 bad (s12, s13); flagged s12 only.
set([12, 13], 'bad');
set([12], 'flagged');

const index = (id: string) => Number(id.slice(1));
const grouping = (
  name: string,
  groupOf: (i: number) => string | null,
  kind: Grouping['kind'] = 'audit',
): Grouping => ({
  name,
  kind,
  groupOf: (id) => groupOf(index(id)),
});

const table = fairnessTable(8, rows, [
  grouping('entry band', (i) => (i < 12 ? 'A' : 'B'), 'record'),
  grouping('age_band', (i) => (i < 19 ? '0-35' : '35-55')),
  grouping('gender', (i) => (i < 10 ? 'F' : i < 19 ? 'M' : null)),
  grouping('imd_band', (i) => (i < 2 ? '0-10%' : i < 12 ? '10-20%' : '100%')),
  grouping('study mode', () => 'part-time', 'record'),
]);
const groupsOf = (name: string) => table.groupings.find((g) => g.name === name)?.groups ?? [];

describe('fairnessTable', () => {
  it('gives flag rate, precision and recall per group, as worked by hand', () => {
    expect(table.overall).toMatchObject({ students: 22, flagged: 6 });
    expect(table.overall.flagRate).toBeCloseTo(6 / 22, 12);
    expect(table.overall.precision).toBeCloseTo(4 / 6, 12);
    expect(table.overall.recall).toBeCloseTo(4 / 6, 12);
    const [a, b] = groupsOf('entry band');
    expect(a).toMatchObject({ group: 'A', shown: true, students: 12, flagged: 5 });
    expect(a?.flagRate).toBeCloseTo(5 / 12, 12);
    expect(a?.precision).toBeCloseTo(3 / 5, 12);
    expect(a?.recall).toBeCloseTo(3 / 4, 12);
    expect(b).toMatchObject({
      group: 'B',
      shown: true,
      students: 10,
      flagged: 1,
      flagRate: 0.1,
      precision: 1,
      recall: 0.5,
    });
  });

  it(`hides groups under ${MIN_GROUP_STUDENTS} students, and the group that would give a lone hidden one away`, () => {
    // 19 and 3: the 19 would give the 3 away (22 − 19), so neither is shown.
    expect(groupsOf('age_band').map((g) => [g.group, g.shown, g.students])).toEqual([
      ['0-35', false, null],
      ['35-55', false, null],
    ]);
    // Two small groups (9 and the 3 not recorded) hide each other; the 10 stays.
    expect(groupsOf('gender').map((g) => [g.group, g.shown])).toEqual([
      ['F', true],
      ['M', false],
      ['not recorded', false],
    ]);
    // One small group (2) among three: the next smallest (10, the first of two in order) goes with it.
    expect(groupsOf('imd_band').map((g) => [g.group, g.shown])).toEqual([
      ['0-10%', false],
      ['10-20%', false],
      ['100%', true],
    ]);
  });

  it('orders groups naturally and leaves out a grouping with one group only', () => {
    expect(groupsOf('imd_band').map((g) => g.group)).toEqual(['0-10%', '10-20%', '100%']);
    expect(table.oneGroupOnly).toEqual(['study mode']);
    expect(table.howToRead).toMatch(
      /gap in recall means the model misses more at-risk students in that group/,
    );
  });

  it('says nothing about a group with no flag or no bad outcome (null, not zero)', () => {
    const none = fairnessTable(4, rows.slice(14), [grouping('x', () => 'all')]);
    expect(none.overall).toMatchObject({ shown: false, students: null, flagRate: null });
    const quiet = fairnessTable(4, [...rows.slice(14), ...rows.slice(6, 12)], []);
    expect(quiet.overall).toMatchObject({
      students: 14,
      flagged: 0,
      flagRate: 0,
      precision: null,
      recall: null,
    });
  });
});

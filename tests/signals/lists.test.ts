import { describe, expect, it } from 'vitest';
import { bandDistribution, studentsInBand } from '../../src/signals/distribution.ts';
import { buildList } from '../../src/signals/lists.ts';
import { daysBefore, entry } from './fixtures.ts';

const entries = [
  entry('a', [320], { facultyId: 'F1', programmeId: 'P1' }, { contacts: [daysBefore(20)] }),
  entry('b', [320], { facultyId: 'F1', programmeId: 'P2' }),
  entry('c', [280], { facultyId: 'F2', programmeId: 'P3', yearOfStudy: 2 }, { contacts: [daysBefore(15)] }),
  entry('d', [340], { facultyId: 'F2', programmeId: 'P3', cohort: '2025-SEP' }, { openCase: true }),
  entry('e', [700, 600, 560, 540, 520], { facultyId: 'F1' }, {}, 'Declining'),
  entry('f', [700, 650, 640, 620, 450], { facultyId: 'F2' }, {}, 'At Risk'),
  entry('g', [380, 360, 340, 250, 280, 310], { facultyId: 'F1' }),
  entry('h', [], { facultyId: 'F1' }),
];
const ids = (list: { student: { id: string } }[]) => list.map((e) => e.student.id);

describe('lists', () => {
  it('orders the priority contact list by lowest score, then longest since contact (never first)', () => {
    // c (280), g (310), then a and b tie on 320: b was never contacted, a 20 days ago. d has a case.
    expect(ids(buildList(entries, 'priority-contact'))).toEqual(['c', 'g', 'b', 'a']);
  });

  it('puts the biggest four-week drop first on the declining and Engage + No Case lists', () => {
    expect(ids(buildList(entries, 'declining'))).toEqual(['f', 'e']);
    expect(ids(buildList(entries, 'engage-no-case'))).toEqual(['f', 'e']);
  });

  it('lists recovery with the biggest gain first', () => {
    expect(ids(buildList(entries, 'recovering'))).toEqual(['g']);
  });

  it('filters by faculty, programme, year, cohort and trajectory', () => {
    expect(ids(buildList(entries, 'attention', { facultyIds: ['F2'] }))).toEqual(['c', 'd']);
    expect(ids(buildList(entries, 'attention', { programmeIds: ['P3'], yearsOfStudy: [2] }))).toEqual(['c']);
    expect(ids(buildList(entries, 'attention', { cohorts: ['2025-SEP'] }))).toEqual(['d']);
    expect(ids(buildList(entries, 'declining', { trajectories: ['At Risk'] }))).toEqual(['f']);
    expect(ids(buildList(entries, 'significant-concern'))).toEqual(['c']);
  });
});

describe('band distribution', () => {
  it('counts the scored students per band with shares, and counts the unscored apart', () => {
    const distribution = bandDistribution(entries);
    expect(distribution.bands.map((b) => b.count)).toEqual([0, 5, 2, 0, 0]);
    expect(distribution.bands[1]).toMatchObject({ range: [200, 399], share: 5 / 7 });
    expect(distribution.scored).toBe(7);
    expect(distribution.unscored).toBe(1);
    expect(bandDistribution(entries, { facultyIds: ['F2'] }).bands.map((b) => b.count)).toEqual([
      0, 2, 1, 0, 0,
    ]);
  });

  it('drills into one band, lowest score first', () => {
    expect(ids(studentsInBand(entries, 1))).toEqual(['c', 'g', 'b', 'a', 'd']);
    expect(ids(studentsInBand(entries, 2, { facultyIds: ['F1'] }))).toEqual(['e']);
  });
});

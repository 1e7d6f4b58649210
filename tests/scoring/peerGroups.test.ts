import { describe, expect, it } from 'vitest';
import { peerGroupKey, peerGroupLadder, planPeerGroups } from '../../src/scoring/peerGroups.ts';
import { cohort, student } from './fixtures.ts';

describe('peer-group ladder', () => {
  it('climbs programme+year → faculty+year → faculty → institution by default', () => {
    expect(peerGroupLadder(['programme', 'yearOfStudy'])).toEqual([
      ['programme', 'yearOfStudy'],
      ['faculty', 'yearOfStudy'],
      ['faculty'],
      [],
    ]);
  });

  it('drops custom keys first, last-listed first, then follows the default ladder', () => {
    expect(peerGroupLadder(['programme', 'yearOfStudy', 'studyMode', 'entryBand'])).toEqual([
      ['programme', 'yearOfStudy', 'studyMode', 'entryBand'],
      ['programme', 'yearOfStudy', 'studyMode'],
      ['programme', 'yearOfStudy'],
      ['faculty', 'yearOfStudy'],
      ['faculty'],
      [],
    ]);
  });

  it('only ever coarsens: a cohort-only grouping goes straight to the institution', () => {
    expect(peerGroupLadder(['cohort'])).toEqual([['cohort'], []]);
    expect(peerGroupLadder([])).toEqual([[]]);
  });

  it('names groups by their keys in the configured order', () => {
    expect(
      peerGroupKey(student('s', { programmeId: 'CS', yearOfStudy: 2 }), ['programme', 'yearOfStudy']),
    ).toBe('programme=CS|yearOfStudy=2');
    expect(peerGroupKey(student('s'), [])).toBe('institution');
  });
});

describe('planPeerGroups', () => {
  it('keeps large groups and merges a small one into its faculty-year, recording where it came from', () => {
    const students = [...cohort('big', 12), ...cohort('small', 3, { programmeId: 'P2' })];
    const plan = planPeerGroups(students, ['programme', 'yearOfStudy'], 10);
    const groupOf = (i: number) => plan.groups[plan.assigned[i] as number];
    expect(groupOf(0)?.key).toBe('programme=P1|yearOfStudy=1');
    expect(plan.mergedFrom[0]).toBeNull();
    expect(groupOf(12)?.key).toBe('faculty=F1|yearOfStudy=1');
    expect(groupOf(12)?.mergedFrom).toEqual(['programme=P2|yearOfStudy=1']);
    expect(plan.mergedFrom[12]).toBe('programme=P2|yearOfStudy=1');
    // The merged group is compared against everyone in the faculty-year, large programme included.
    expect(groupOf(12)?.members.length).toBe(15);
  });

  it('climbs as far as needed, ending at the institution however small it is', () => {
    const students = [
      ...cohort('a', 4, { facultyId: 'F1', programmeId: 'P1', yearOfStudy: 1 }),
      ...cohort('b', 4, { facultyId: 'F2', programmeId: 'P2', yearOfStudy: 2 }),
    ];
    const plan = planPeerGroups(students, ['programme', 'yearOfStudy'], 10);
    expect(new Set(plan.assigned)).toEqual(new Set([0]));
    expect(plan.groups).toHaveLength(1);
    expect(plan.groups[0]?.key).toBe('institution');
    expect(plan.groups[0]?.mergedFrom.sort()).toEqual([
      'programme=P1|yearOfStudy=1',
      'programme=P2|yearOfStudy=2',
    ]);
  });
});

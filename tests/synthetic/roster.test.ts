// The synthetic roster: students, staff and tutor allocation, faculties and programmes, and sources.
import { describe, expect, it } from 'vitest';
import { WEIGHT_CATEGORIES } from '../../src/domain/model.ts';
import type { Student } from '../../src/domain/model.ts';
import { planInstitution } from '../../src/synthetic/index.ts';

const institution = planInstitution({ seed: 2024 });
const { students, staff } = institution;

function share(predicate: (student: Student) => boolean): number {
  return students.filter(predicate).length / students.length;
}

describe('synthetic students', () => {
  it('has 2,000 students by default with unique ids and e-mails of the agreed form', () => {
    expect(students).toHaveLength(2000);
    expect(new Set(students.map((s) => s.id)).size).toBe(2000);
    expect(new Set(students.map((s) => s.email)).size).toBe(2000);
    students.forEach((student, index) => {
      expect(student.email).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+\.\d+@student\.example\.ac\.uk$/);
      expect(student.email.endsWith(`.${index + 1}@student.example.ac.uk`)).toBe(true);
      expect(student.name).toMatch(/^\S+ \S+$/);
    });
    expect(new Set(students.map((s) => s.name.split(' ')[1])).size).toBeGreaterThan(80);
  });

  it('places students in real programmes of their faculty', () => {
    expect(institution.faculties.map((f) => f.name)).toEqual([
      'Science & Engineering',
      'Humanities',
      'Business',
      'Health',
    ]);
    const programmes = new Map(institution.programmes.map((p) => [p.id, p]));
    for (const faculty of institution.faculties) {
      expect(institution.programmes.filter((p) => p.facultyId === faculty.id).length).toBeGreaterThanOrEqual(
        3,
      );
    }
    for (const student of students)
      expect(programmes.get(student.programmeId)?.facultyId).toBe(student.facultyId);
  });

  it('weights year of study to years 1–3 and labels each cohort by its intake', () => {
    expect(share((s) => s.yearOfStudy === 4)).toBeLessThan(0.15);
    for (const year of [1, 2, 3]) expect(share((s) => s.yearOfStudy === year)).toBeGreaterThan(0.2);
    for (const student of students) {
      expect(student.cohort).toMatch(new RegExp(`^${2026 - student.yearOfStudy + 1}-(SEP|JAN)$`));
    }
    expect(share((s) => s.cohort.endsWith('JAN'))).toBeGreaterThan(0.01);
    expect(new Set(students.map((s) => s.entryBand))).toEqual(new Set(['A', 'B', 'C', 'Foundation']));
  });

  it('is mostly full-time and active, with a few per cent suspended, on placement, abroad or distance', () => {
    const partTime = share((s) => s.studyMode === 'part-time');
    expect(partTime).toBeGreaterThan(0.03);
    expect(partTime).toBeLessThan(0.15);
    const active = share((s) => s.status === 'active');
    expect(active).toBeGreaterThan(0.9);
    expect(active).toBeLessThan(0.98);
    for (const status of ['suspended', 'placement', 'abroad', 'distance'] as const) {
      expect(students.some((s) => s.status === status)).toBe(true);
    }
    expect(students.filter((s) => s.status === 'distance').every((s) => s.studyMode === 'part-time')).toBe(
      true,
    );
  });
});

describe('synthetic staff', () => {
  const tutors = staff.filter((member) => member.roles.includes('tutor'));
  const tutees = new Map<string, Student[]>();
  for (const student of students)
    tutees.set(student.tutorId, [...(tutees.get(student.tutorId) ?? []), student]);

  it('gives every student a personal tutor with about 40 tutees, all from the tutor’s programme', () => {
    expect([...tutees.keys()].every((id) => tutors.some((tutor) => tutor.id === id))).toBe(true);
    const sizes = [...tutees.values()].map((list) => list.length);
    const mean = sizes.reduce((sum, n) => sum + n, 0) / sizes.length;
    expect(mean).toBeGreaterThan(35);
    expect(mean).toBeLessThan(45);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(60);
    for (const list of tutees.values()) expect(new Set(list.map((s) => s.programmeId)).size).toBe(1);
  });

  it('names a director of studies for each programme', () => {
    for (const programme of institution.programmes) {
      const directors = tutors.filter((tutor) => tutor.programmeIds.includes(programme.id));
      expect(directors).toHaveLength(1);
      expect(tutees.get(directors[0]?.id ?? '')?.[0]?.programmeId).toBe(programme.id);
    }
  });

  it('has a couple of caseworkers, a manager and an administrator with unique e-mails', () => {
    const withRole = (role: string) => staff.filter((member) => member.roles.includes(role as never));
    expect(withRole('caseworker').length).toBeGreaterThanOrEqual(2);
    expect(withRole('manager')).toHaveLength(1);
    expect(withRole('admin')).toHaveLength(1);
    expect(new Set(staff.map((member) => member.email)).size).toBe(staff.length);
    expect(new Set(staff.map((member) => member.id)).size).toBe(staff.length);
    for (const member of staff) expect(member.email).toMatch(/^[a-z0-9.-]+@example\.ac\.uk$/);
  });
});

describe('synthetic sources', () => {
  it('has at least six sources covering all four weight categories, privacy-covered and enabled from week one', () => {
    const { sources } = institution;
    expect(sources.length).toBeGreaterThanOrEqual(6);
    expect(new Set(sources.map((source) => source.category))).toEqual(new Set(WEIGHT_CATEGORIES));
    for (const source of sources) {
      expect(source).toMatchObject({ enabled: true, privacyNoticeCovers: true, enabledFromWeek: '2026-W39' });
    }
    expect(sources.map((source) => source.kind)).toEqual(
      expect.arrayContaining([
        'attendance',
        'vle',
        'lecture-capture',
        'library',
        'door-access',
        'submissions',
      ]),
    );
  });
});

describe('generator options', () => {
  it('rejects sizes and weeks that are not positive integers and start weeks that are not ISO weeks', () => {
    expect(() => planInstitution({ seed: 1, students: 0 })).toThrow(RangeError);
    expect(() => planInstitution({ seed: 1, weeks: 2.5 })).toThrow(RangeError);
    expect(() => planInstitution({ seed: 1, startWeek: '2026-39' })).toThrow(RangeError);
    expect(() => planInstitution({ seed: Number.NaN })).toThrow(RangeError);
  });

  it('works for a tiny institution', () => {
    const tiny = planInstitution({ seed: 3, students: 5, weeks: 2 });
    expect(tiny.students).toHaveLength(5);
    expect(tiny.calendar).toHaveLength(2);
  });
});

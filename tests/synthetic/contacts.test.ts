// Seed contacts and open cases: who, when, how, and that they concern the right students.
import { describe, expect, it } from 'vitest';
import { isoWeekOf, weeksBetween } from '../../src/domain/isoWeek.ts';
import { planInstitution } from '../../src/synthetic/index.ts';

const { students, staff, calendar, contacts, cases, truth } = planInstitution({ seed: 99 });
const studentById = new Map(students.map((s) => [s.id, s]));
const caseworkerIds = new Set(staff.filter((m) => m.roles.includes('caseworker')).map((m) => m.id));
const termWeeks = new Set(calendar.filter((w) => w.kind !== 'holiday').map((w) => w.week));

describe('seed contacts', () => {
  it('covers about 30% of students, all of them active', () => {
    const contacted = new Set(contacts.map((c) => c.studentId));
    expect(contacted.size / students.length).toBeGreaterThan(0.22);
    expect(contacted.size / students.length).toBeLessThan(0.38);
    expect([...contacted].every((id) => studentById.get(id)?.status === 'active')).toBe(true);
  });

  it('is logged by the student’s tutor or a caseworker, in term, on a weekday in working hours', () => {
    for (const contact of contacts) {
      const student = studentById.get(contact.studentId);
      expect(contact.staffId === student?.tutorId || caseworkerIds.has(contact.staffId)).toBe(true);
      const at = new Date(contact.at);
      expect(at.toISOString()).toBe(contact.at);
      expect(termWeeks.has(isoWeekOf(at))).toBe(true);
      expect(at.getUTCDay()).toBeGreaterThanOrEqual(1);
      expect(at.getUTCDay()).toBeLessThanOrEqual(5);
      expect(at.getUTCHours()).toBeGreaterThanOrEqual(9);
      expect(at.getUTCHours()).toBeLessThan(17);
      expect(['meeting', 'call', 'email', 'message']).toContain(contact.channel);
      expect(contact.note.length).toBeLessThan(80);
    }
    expect(new Set(contacts.map((c) => c.channel)).size).toBe(4);
    expect(contacts.map((c) => c.at)).toEqual(contacts.map((c) => c.at).sort());
  });

  it('reaches students whose engagement fell more often than steady ones', () => {
    const contacted = new Set(contacts.map((c) => c.studentId));
    const rate = (falling: boolean) => {
      const group = students.filter(
        (s) => s.status === 'active' && (truth.students[s.id]?.trajectory === 'steady') !== falling,
      );
      return group.filter((s) => contacted.has(s.id)).length / group.length;
    };
    expect(rate(true)).toBeGreaterThan(rate(false) * 1.3);
  });
});

describe('seed cases', () => {
  it('opens a few cases, each owned by a caseworker, for students whose engagement fell', () => {
    expect(cases.length).toBeGreaterThanOrEqual(2);
    expect(cases.length).toBeLessThan(students.length * 0.02);
    expect(new Set(cases.map((c) => c.studentId)).size).toBe(cases.length);
    for (const supportCase of cases) {
      expect(supportCase.status).toBe('open');
      expect(caseworkerIds.has(supportCase.ownerId)).toBe(true);
      const t = truth.students[supportCase.studentId];
      expect(['gradual-decline', 'sudden-drop', 'vle-first-decline']).toContain(t?.trajectory);
      expect(weeksBetween(t?.onsetWeek ?? '', isoWeekOf(new Date(supportCase.openedAt)))).toBe(2);
      expect(termWeeks.has(isoWeekOf(new Date(supportCase.openedAt)))).toBe(true);
      expect(
        contacts.some(
          (c) =>
            c.studentId === supportCase.studentId &&
            c.staffId === supportCase.ownerId &&
            c.at === supportCase.openedAt,
        ),
      ).toBe(true);
    }
  });
});

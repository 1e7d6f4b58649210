// A digest sized to the reader (issue 15), as worked examples on the pure functions: who needs action and
// comes first, how many rows a list shows and what is counted instead of listed, and a programme
// channel's rows grouped by personal tutor with each tutor's counts.
import { describe, expect, it } from 'vitest';
import { actionFirst, needsAction, NO_CONTACT_DAYS } from '../../src/chat/views/digestOrder.ts';
import type { ClaimState } from '../../src/repositories/claims.ts';
import { buildDigestView, type DigestInput } from '../../src/chat/views/digestView.ts';
import { DIGEST_ROWS_PER_SECTION, MAX_DIGEST_TUTORS } from '../../src/chat/views/displayLimits.ts';
import { notListedLine } from '../../src/chat/views/viewFormat.ts';
import { AT_RISK_TRAJECTORY } from '../../src/signals/lists.ts';
import { computeSignals } from '../../src/signals/studentSignals.ts';
import type { SignalEntry } from '../../src/weekly/loadSignals.ts';
import { student } from '../scoring/fixtures.ts';
import { AS_OF, history } from '../signals/fixtures.ts';

const DAY = 86_400_000;
const FALLING = [700, 650, 600, 550, 450];
const LOW = [300, 300, 300, 300, 300];
const STEADY = [500, 500, 500, 500, 500];

function entry(
  id: string,
  scores: number[],
  options: { contactDaysAgo?: number; atRisk?: boolean; tutorId?: string } = {},
): SignalEntry {
  const points = history(scores).map((point) => ({ ...point, studentId: id }));
  const contacts =
    options.contactDaysAgo === undefined ? [] : [new Date(AS_OF.getTime() - options.contactDaysAgo * DAY)];
  return {
    student: student(id, { tutorId: options.tutorId ?? 'T1' }),
    history: points,
    signals: computeSignals({ scores: points, contacts, openCase: false, asOf: AS_OF }),
    ...(options.atRisk && {
      trajectory: AT_RISK_TRAJECTORY,
      risk: { probability: 0.8, reasons: [], modelVersion: 'v1' },
    }),
  };
}

const claim = (contacted: boolean): ClaimState => ({
  state: contacted ? 'claimed-and-contacted' : 'claimed',
  claimantId: 'T9',
  claimantName: 'Sam Lee',
  since: new Date(AS_OF.getTime() - DAY),
  endedAt: contacted ? AS_OF : null,
});

const NAMES = { programme: (id: string) => id, staff: (id: string) => `Dr ${id}` };

function digest(entries: SignalEntry[], overrides: Partial<DigestInput> = {}) {
  return buildDigestView({
    groupLabel: 'BSc Computer Science',
    week: '2026-W44',
    asOf: AS_OF,
    entries,
    snoozedCount: 0,
    page: 1,
    chart: null,
    names: NAMES,
    ...overrides,
  });
}

const ids = (rows: { studentId: string }[]) => rows.map((row) => row.studentId);

describe('who needs action, and the order of a list', () => {
  it('needs action: At Risk or declining, no contact in the last 14 days, and nobody has claimed them', () => {
    const claims = new Map([
      ['CLAIMED', claim(false)],
      ['LAPSED', { ...claim(false), state: 'lapsed' as const, endedAt: AS_OF }],
    ]);
    expect(NO_CONTACT_DAYS).toBe(14);
    expect(needsAction(entry('NEVER', FALLING), claims)).toBe(true);
    expect(needsAction(entry('LONG-AGO', FALLING, { contactDaysAgo: 14 }), claims)).toBe(true);
    expect(needsAction(entry('RECENT', FALLING, { contactDaysAgo: 13 }), claims)).toBe(false);
    expect(needsAction(entry('AT-RISK', STEADY, { atRisk: true }), claims)).toBe(true);
    expect(needsAction(entry('LOW-ONLY', LOW), claims)).toBe(false);
    expect(needsAction(entry('CLAIMED', FALLING), claims)).toBe(false);
    // A claim that lapsed without a contact is no claim: the student needs action again.
    expect(needsAction(entry('LAPSED', FALLING), claims)).toBe(true);
  });

  it('puts those needing action first, then the other unclaimed, then the claimed, each in list order', () => {
    const list = [
      entry('E-claimed', FALLING),
      entry('B-contacted', FALLING, { contactDaysAgo: 3 }),
      entry('F-low', LOW),
      entry('A-never', FALLING),
      entry('D-at-risk', STEADY, { atRisk: true }),
      entry('C-long-ago', FALLING, { contactDaysAgo: 20 }),
    ];
    const ordered = actionFirst(list, new Map([['E-claimed', claim(false)]]));
    expect(ordered.map((e) => e.student.id)).toEqual([
      'A-never',
      'D-at-risk',
      'C-long-ago',
      'B-contacted',
      'F-low',
      'E-claimed',
    ]);
  });
});

describe('the size of a digest', () => {
  const falling = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) =>
      entry(`S${String(from + i).padStart(3, '0')}`, [700, 650, 600, 550, 450 - i]),
    );

  it(`shows ${DIGEST_ROWS_PER_SECTION} rows a list by default, the channel's own number when set, and pages the rest`, () => {
    const students = falling(20);
    const standard = digest(students).sections.find((s) => s.key === 'declining')!;
    expect(standard.rows).toHaveLength(8);
    expect(standard.total).toBe(20);

    const twelve = (page: number) => digest(students, { rowsPerSection: 12, page });
    const first = twelve(1);
    expect(first.sections[0]!.rows).toHaveLength(12);
    expect(first.buttons.map((b) => b.action)).toContainEqual({ op: 'showDigest', page: 2 });
    const second = twelve(2);
    expect(second.sections[0]).toMatchObject({ offset: 12, total: 20 });
    expect(second.sections[0]!.rows).toHaveLength(8);
    expect(second.buttons.map((b) => b.label)).toEqual(['Previous page', 'Band distribution']);
  });

  it('counts snoozed, claimed-and-contacted and exempt students in one line instead of listing them', () => {
    const students = falling(6);
    const view = digest(students, {
      snoozedCount: 3,
      claims: new Map([
        ['S000', claim(true)],
        ['S001', claim(true)],
        ['S002', claim(false)],
      ]),
      exemptStudentIds: new Set(['S003']),
    });
    const declining = view.sections.find((s) => s.key === 'declining')!;
    // The claimed-but-not-contacted student stays, after those needing action (biggest fall first).
    expect(ids(declining.rows)).toEqual(['S005', 'S004', 'S002']);
    expect(view.scored).toBe(6);
    expect(notListedLine(view)).toBe('Not listed: 3 snoozed, 2 claimed and contacted, 1 with a known reason');
    expect(notListedLine(digest(students))).toBeNull();
  });
});

describe("a programme channel's digest by personal tutor", () => {
  it('counts each tutor’s listed students, longest need-action list first, and groups every list’s rows so', () => {
    const students = [
      entry('A1', FALLING, { tutorId: 'ADAMS', contactDaysAgo: 2 }),
      entry('A2', LOW, { tutorId: 'ADAMS' }),
      entry('B1', FALLING, { tutorId: 'BROWN' }),
      entry('B2', [700, 650, 600, 550, 400], { tutorId: 'BROWN' }),
      entry('N1', [700, 650, 600, 550, 300], { tutorId: '' }),
      entry('C1', STEADY, { tutorId: 'CLARK' }),
    ];
    const view = digest(students, { groupByTutor: true });
    expect(view.byTutor).toEqual({
      tutors: [
        { name: 'Dr BROWN', needsAction: 2, listed: 2 },
        { name: 'No personal tutor', needsAction: 1, listed: 1 },
        { name: 'Dr ADAMS', needsAction: 0, listed: 2 },
      ],
      moreTutors: 0,
    });
    const declining = view.sections.find((s) => s.key === 'declining')!;
    // Declining order alone would be N1, B2, B1, A1 (biggest fall first): grouped, Brown's come first.
    expect(declining.rows.map((row) => `${row.studentId} ${row.tutor}`)).toEqual([
      'B2 Dr BROWN',
      'B1 Dr BROWN',
      'N1 No personal tutor',
      'A1 Dr ADAMS',
    ]);
    expect(digest(students).byTutor).toBeUndefined();
  });

  it(`names at most ${MAX_DIGEST_TUTORS} tutors and says how many more there are`, () => {
    const students = Array.from({ length: MAX_DIGEST_TUTORS + 4 }, (_, i) =>
      entry(`S${i}`, FALLING, { tutorId: `T${String(i).padStart(2, '0')}` }),
    );
    const view = digest(students, { groupByTutor: true });
    expect(view.byTutor?.tutors).toHaveLength(MAX_DIGEST_TUTORS);
    expect(view.byTutor?.moreTutors).toBe(4);
  });
});

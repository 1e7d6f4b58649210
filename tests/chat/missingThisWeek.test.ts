// A week whose registers are missing reads "missing this week" on every surface — digest rows (Teams and
// Slack), the student card and the CLI's lists and student view — never an earlier week's figure; a
// student whose attendance is not recorded at all reads "—".
import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../adapters/slack/blocks.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { studentTable } from '../../adapters/cli/render/studentRows.ts';
import { renderStudentView } from '../../adapters/cli/render/studentView.ts';
import { buildDigestView } from '../../src/chat/views/digestView.ts';
import type { Reference } from '../../src/chat/context/reference.ts';
import { buildStudentCard } from '../../src/chat/views/studentCard.ts';
import { studentFacts } from '../../src/chat/views/viewFormat.ts';
import { computeSignals } from '../../src/signals/studentSignals.ts';
import { toStudentRow } from '../../src/weekly/mondayView.ts';
import type { SignalEntry } from '../../src/weekly/loadSignals.ts';
import { assembleStudentView } from '../../src/weekly/studentView.ts';
import { student } from '../scoring/fixtures.ts';
import { AS_OF, history } from '../signals/fixtures.ts';

/** Scores falling 160 points over four weeks (declining), attendance per week as given. */
function declining(id: string, attendance: (number | null)[]): SignalEntry {
  const points = history(
    [620, 590, 560, 500, 460],
    Object.fromEntries(attendance.map((a, i) => [i, { attendancePct: a }])),
  );
  const scores = points.map((point) => ({ ...point, studentId: id }));
  return {
    student: student(id, { name: `Student ${id}` }),
    history: scores,
    signals: computeSignals({ scores, contacts: [], openCase: false, asOf: AS_OF }),
  };
}

const REFERENCE: Reference = {
  programmes: [],
  programme: (id) => id,
  staff: (id) => id,
  source: () => null,
};

const missing = declining('S1', [100, 100, 100, 100, null]);
const neverRecorded = declining('S2', [null, null, null, null, null]);

function digest() {
  return buildDigestView({
    groupLabel: 'tutees of Sam Lee',
    week: missing.signals.week!,
    asOf: AS_OF,
    entries: [missing, neverRecorded],
    snoozedCount: 0,
    page: 1,
    chart: null,
    names: { programme: (id) => id, staff: (id) => id },
  });
}

const text = (value: unknown) => JSON.stringify(value);

describe('attendance in a week whose registers are missing', () => {
  it('the digest says "missing this week" on Teams and Slack, not last week’s 100%', () => {
    const view = digest();
    const row = view.sections[0]!.rows.find((r) => r.studentId === 'S1')!;
    expect(row).toMatchObject({ attendancePct: null, attendanceMissing: true });
    const card = text(renderAdaptiveCard(view));
    expect(card).toContain('"missing this week"');
    expect(card).not.toContain('"100%"');
    const blocks = text(renderBlocks(view).blocks);
    expect(blocks).toContain('attendance missing this week');
    expect(blocks).not.toContain('attendance 100%');
  });

  it('a student whose attendance is never recorded reads "—", not "missing"', () => {
    const row = toStudentRow(neverRecorded);
    expect(row).toMatchObject({ attendancePct: null, attendanceMissing: false });
    expect(studentTable([row]).join('\n')).not.toContain('missing');
  });

  it('the student card and the CLI say the same', () => {
    const view = assembleStudentView({
      student: missing.student,
      history: missing.history,
      contacts: [],
      activeCase: null,
      explanation: null,
      now: AS_OF,
    });
    const card = buildStudentCard(view, REFERENCE, {
      chart: null,
      confirmation: null,
      canSnooze: false,
      snoozedUntil: null,
    });
    expect(studentFacts(card)).toContainEqual({ title: 'Attendance', value: 'missing this week' });
    expect(renderStudentView(view).join('\n')).toContain('attendance missing this week');
    expect(studentTable([toStudentRow(missing)]).join('\n')).toContain('missing this week');
  });
});

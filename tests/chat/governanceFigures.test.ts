// The governance summary's figures read as every card does: thousands separated, a real minus sign, and
// the risk model's At Risk count (a number, never a name) when the week has predictions.
import { describe, expect, it } from 'vitest';
import { buildGovernanceView } from '../../src/chat/views/governance.ts';
import { bandFigure } from '../../src/chat/views/viewFormat.ts';
import type { RecoverySummary } from '../../src/cases/recovery.ts';
import { computeSignals } from '../../src/signals/studentSignals.ts';
import type { SignalEntry } from '../../src/weekly/loadSignals.ts';
import { student } from '../scoring/fixtures.ts';

const week = '2026-W45';
const entry = (i: number, score: number, trajectory?: string): SignalEntry => {
  const history = [
    {
      studentId: `S${i}`,
      week,
      score,
      attendancePct: null,
      activity: 3,
      activityPercentile: 0.5,
      sharedCause: null,
    },
  ];
  return {
    student: student(`S${i}`),
    history,
    signals: computeSignals({ scores: history, contacts: [], openCase: false, asOf: new Date('2026-11-09') }),
    ...(trajectory === undefined ? {} : { trajectory }),
  };
};
const recovery = (medianChange: number): RecoverySummary => ({
  interventions: 1_204,
  measured: 10,
  recovered: 2,
  unchanged: 3,
  declined: 5,
  pending: 0,
  unmeasurable: 0,
  recoveredShare: 0.2,
  medianChange,
});

describe('governance figures', () => {
  const entries = Array.from({ length: 1_895 }, (_, i) =>
    entry(i, i % 10 === 0 ? 300 : 520, i % 20 === 0 ? 'At Risk' : 'Stable'),
  );
  const view = buildGovernanceView({
    scopeLabel: 'Institution',
    week,
    entries,
    chart: null,
    outcomes: { cases: recovery(-26), contacts: recovery(12) },
  });
  const figures = new Map(view.figures.map((figure) => [figure.label, figure.value]));

  it('separates thousands and signs changes with a real minus', () => {
    expect(figures.get('Students scored this week')).toBe('1,895');
    expect(figures.get('Below 350 (attention)')).toBe('190 (10%)');
    const cases = [...figures].find(([label]) => label.startsWith('Support cases opened this term'))?.[1];
    expect(cases).toMatch(/^1,204 — 10 measured .*; median change −26$/);
  });

  it('counts the At Risk students when the week has predictions, and not when it has none', () => {
    expect(figures.get('At Risk (predictive risk at or above its threshold)')).toBe('95 (5%)');
    const without = buildGovernanceView({
      scopeLabel: 'Institution',
      week,
      entries: entries.map(({ trajectory: _trajectory, ...rest }) => rest),
      chart: null,
      outcomes: null,
    });
    expect(without.figures.some((figure) => figure.label.startsWith('At Risk'))).toBe(false);
  });

  it('shows fewer than five students as "fewer than 5", never the number, and each source\'s data quality', () => {
    const few = Array.from({ length: 40 }, (_, i) =>
      entry(i, i < 3 ? 300 : 520, i < 2 ? 'At Risk' : 'Stable'),
    );
    const small = buildGovernanceView({
      scopeLabel: 'Institution',
      week,
      entries: few,
      chart: null,
      outcomes: {
        cases: { ...recovery(10), interventions: 4, measured: 3, recovered: 1, unchanged: 1, declined: 1 },
        contacts: recovery(12),
      },
      dataQuality: [
        { name: 'VLE', freshness: 'Fresh', overall: 97.2, flagged: false },
        { name: 'Door swipes', freshness: 'Stale (>48hrs)', overall: 61, flagged: true },
      ],
    });
    const shown = new Map(small.figures.map((figure) => [figure.label, figure.value]));
    expect(shown.get('Students scored this week')).toBe('40');
    expect(shown.get('Below 350 (attention)')).toBe('fewer than 5');
    expect(shown.get('At Risk (predictive risk at or above its threshold)')).toBe('fewer than 5');
    const cases = [...shown].find(([label]) => label.startsWith('Support cases opened this term'))?.[1];
    expect(cases).toBe(
      'fewer than 5 — fewer than 5 measured 4–6 weeks later: fewer than 5 recovered, fewer than 5 unchanged, fewer than 5 declined',
    );
    // The band of the three students below 350 shows neither its count nor its share.
    const low = small.summary.bands.find((band) => band.from === 200);
    expect(low).toMatchObject({ count: 0, share: 0, suppressed: true });
    expect(bandFigure(low!)).toBe('fewer than 5');
    const middle = small.summary.bands.find((band) => band.from === 400);
    expect(middle).toMatchObject({ count: 37 });
    expect(middle?.suppressed).toBeUndefined();
    expect(shown.get('Data quality — VLE')).toBe('97% · Fresh');
    expect(shown.get('Data quality — Door swipes')).toBe('61% · Stale (>48hrs) — below 80%, flagged');
  });
});

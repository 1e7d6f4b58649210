import { describe, expect, it } from 'vitest';
import { recoveryAfter, summariseRecovery, type RecoveryPoint } from '../../src/cases/recovery.ts';

/** Weekly points from 2026-W10 on, one per score; `shared` marks shared-cause weeks by index. */
function history(scores: number[], shared: number[] = []): RecoveryPoint[] {
  return scores.map((score, i) => ({
    week: `2026-W${String(10 + i).padStart(2, '0')}`,
    score,
    sharedCause: shared.includes(i) ? { peerGroup: 'g' } : null,
  }));
}

const OPENED_IN_W12 = new Date('2026-03-18T10:00:00Z');

describe('recovery after an intervention', () => {
  it('compares the score before with the mean of weeks 4 to 6 after', () => {
    // W12 = 250 baseline; W16..W18 = 300, 320, 340 → mean 320, +70
    const outcome = recoveryAfter(
      history([400, 300, 250, 260, 280, 290, 300, 320, 340, 500]),
      OPENED_IN_W12,
      '2026-W19',
    );
    expect(outcome).toEqual({
      verdict: 'recovered',
      interventionWeek: '2026-W12',
      baseline: 250,
      followUp: 320,
      change: 70,
    });
  });

  it('calls a fall of 50 or more declined and a small change unchanged', () => {
    expect(
      recoveryAfter(history([400, 400, 400, 0, 0, 0, 340, 350, 360]), OPENED_IN_W12, '2026-W18').verdict,
    ).toBe('declined');
    expect(
      recoveryAfter(history([400, 400, 400, 0, 0, 0, 420, 430, 440]), OPENED_IN_W12, '2026-W18'),
    ).toMatchObject({
      verdict: 'unchanged',
      change: 30,
    });
  });

  it('leaves shared-cause weeks out of baseline and follow-up', () => {
    const outcome = recoveryAfter(
      history([300, 310, 100, 0, 0, 0, 20, 400, 400], [2, 6]),
      OPENED_IN_W12,
      '2026-W18',
    );
    expect(outcome).toMatchObject({ baseline: 310, followUp: 400, change: 90, verdict: 'recovered' });
  });

  it('is pending until the follow-up weeks are scored, then unmeasurable if they never were', () => {
    const early = history([300, 300, 300, 300]);
    expect(recoveryAfter(early, OPENED_IN_W12, '2026-W13').verdict).toBe('pending');
    expect(recoveryAfter(early, OPENED_IN_W12, '2026-W18').verdict).toBe('no-follow-up');
    expect(recoveryAfter([], OPENED_IN_W12, '2026-W18').verdict).toBe('no-baseline');
  });

  it('sums outcomes into counts, the recovered share and the median change', () => {
    const at = OPENED_IN_W12;
    const outcomes = [
      recoveryAfter(history([0, 0, 200, 0, 0, 0, 300, 300, 300]), at, '2026-W18'), // +100
      recoveryAfter(history([0, 0, 200, 0, 0, 0, 210, 210, 210]), at, '2026-W18'), // +10
      recoveryAfter(history([0, 0, 200, 0, 0, 0, 100, 100, 100]), at, '2026-W18'), // -100
      recoveryAfter(history([0, 0, 200]), at, '2026-W13'), // pending
    ];
    expect(summariseRecovery(outcomes)).toEqual({
      interventions: 4,
      measured: 3,
      recovered: 1,
      unchanged: 1,
      declined: 1,
      pending: 1,
      unmeasurable: 0,
      recoveredShare: 1 / 3,
      medianChange: 10,
    });
  });
});

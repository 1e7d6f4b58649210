/**
 * Trajectory as a pure function, on hand-made series: Insufficient data below the history minimum, At Risk
 * when flagged, else Declining / Rising / Stable from the four-week change in calibrated risk and the score's
 * four-week slope (thresholds 0.05 and 15 points a week).
 */
import { describe, expect, it } from 'vitest';
import { slope } from '../../src/prediction/features.ts';
import {
  RISK_CHANGE_THRESHOLD,
  SCORE_SLOPE_THRESHOLD,
  trajectoryOf,
  type TrajectoryInput,
} from '../../src/prediction/trajectory.ts';

/** A student with `weeks` scored weeks whose last four scores are `scores` and risk moved from→to. */
function student(weeks: number, scores: number[], risk: [number, number], atRisk = false): TrajectoryInput {
  return { scoredWeeks: weeks, atRisk, riskChange4w: risk[1] - risk[0], scoreSlope4w: slope(scores) };
}

describe('trajectoryOf', () => {
  it('says Insufficient data below the history minimum, whatever else is true', () => {
    expect(trajectoryOf(student(7, [500, 400, 300, 200], [0.1, 0.9], true))).toBe('Insufficient data');
    expect(trajectoryOf(student(3, [500, 500, 500, 500], [0.1, 0.1]), 4)).toBe('Insufficient data');
    expect(trajectoryOf(student(4, [500, 500, 500, 500], [0.1, 0.1]), 4)).toBe('Stable');
  });

  it('says At Risk when the model flags the student, even on a rising score', () => {
    expect(trajectoryOf(student(10, [300, 350, 400, 450], [0.8, 0.6], true))).toBe('At Risk');
  });

  it('says Declining when the score falls 20 points a week and the risk does not fall', () => {
    expect(trajectoryOf(student(10, [560, 540, 520, 500], [0.2, 0.21]))).toBe('Declining');
  });

  it('says Declining when the risk rises by 0.05 or more on a flat score', () => {
    expect(trajectoryOf(student(10, [500, 502, 498, 500], [0.1, 0.1 + RISK_CHANGE_THRESHOLD]))).toBe(
      'Declining',
    );
  });

  it('says Rising when the score climbs and the risk does not rise', () => {
    expect(trajectoryOf(student(9, [400, 420, 440, 460], [0.3, 0.28]))).toBe('Rising');
    expect(trajectoryOf(student(9, [450, 450, 450, 450], [0.3, 0.2]))).toBe('Rising');
  });

  it('says Stable on small moves, and when the two signals disagree', () => {
    expect(trajectoryOf(student(12, [500, 510, 505, 515], [0.2, 0.23]))).toBe('Stable');
    // Score climbing 20 a week while the risk rises 0.1: conflicting, so Stable.
    expect(trajectoryOf(student(12, [400, 420, 440, 460], [0.2, 0.3]))).toBe('Stable');
  });

  it('treats a slope exactly at the threshold as counting', () => {
    const input = { scoredWeeks: 8, atRisk: false, riskChange4w: 0, scoreSlope4w: -SCORE_SLOPE_THRESHOLD };
    expect(trajectoryOf(input)).toBe('Declining');
  });

  it('reads a missing risk change or slope as no signal', () => {
    expect(trajectoryOf({ scoredWeeks: 8, atRisk: false, riskChange4w: null, scoreSlope4w: null })).toBe(
      'Stable',
    );
    expect(trajectoryOf({ scoredWeeks: 8, atRisk: false, riskChange4w: null, scoreSlope4w: -30 })).toBe(
      'Declining',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_CONFIG, parseScoringConfig } from '../../src/scoring/config.ts';

describe('scoring configuration', () => {
  it('ships the documented defaults: method recent-log with a four-week half-life', () => {
    expect(DEFAULT_SCORING_CONFIG).toEqual({
      method: 'recent-log',
      recentHalfLifeWeeks: 4,
      categoryWeights: { attendance: 40, vle: 30, library: 20, other: 10 },
      sourceWeights: {},
      missingData: 'exclude',
      scale: 100,
      minPeerGroupSize: 10,
      peerGroupKeys: ['programme', 'yearOfStudy'],
      sharedCause: { threshold: 0.5, baselineWeeks: 4, minBaselineWeeks: 2 },
      degradedAfterMissingWeeks: 3,
    });
  });

  it('fills what is omitted and accepts custom peer groups', () => {
    const cfg = parseScoringConfig({
      missingData: 'impute',
      peerGroupKeys: ['programme', 'yearOfStudy', 'studyMode'],
    });
    expect(cfg.missingData).toBe('impute');
    expect(cfg.peerGroupKeys).toEqual(['programme', 'yearOfStudy', 'studyMode']);
    expect(cfg.scale).toBe(100);
  });

  it.each([
    ['negative weight', { sourceWeights: { vle: -1 } }],
    ['all categories zero', { categoryWeights: { attendance: 0, vle: 0, library: 0, other: 0 } }],
    ['unknown mode', { missingData: 'guess' }],
    ['repeated key', { peerGroupKeys: ['programme', 'programme'] }],
    ['unknown key', { peerGroupKeys: ['shoeSize'] }],
    ['threshold of 1', { sharedCause: { threshold: 1, baselineWeeks: 4, minBaselineWeeks: 2 } }],
    [
      'minimum baseline above the window',
      { sharedCause: { threshold: 0.5, baselineWeeks: 2, minBaselineWeeks: 3 } },
    ],
    ['zero group size', { minPeerGroupSize: 0 }],
  ])('rejects %s', (_, input) => {
    expect(() => parseScoringConfig(input)).toThrow();
  });
});

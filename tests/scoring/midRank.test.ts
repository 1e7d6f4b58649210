import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { midRankTransform, rankScratch } from '../../src/scoring/midRank.ts';

const identity = (p: number): number => p;

function percentiles(values: number[]): { out: number[]; median: number | null } {
  const input = Float64Array.from(values);
  const out = new Float64Array(values.length);
  const median = midRankTransform(input, values.length, out, identity, rankScratch(values.length));
  return { out: Array.from(out), median };
}

/** The definition, computed the slow way. */
function naive(values: number[]): number[] {
  return values.map((v) => {
    const below = values.filter((x) => x < v).length;
    const ties = values.filter((x) => x === v).length;
    return (below + ties / 2) / values.length;
  });
}

function naiveMedian(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[half] as number)
    : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
}

describe('mid-rank percentiles', () => {
  it('gives tied values the same percentile: (below + ties / 2) / n', () => {
    // 0 is tied three ways at the bottom: (0 + 1.5) / 6; 5 has three below and is alone: (3 + 0.5) / 6.
    const { out } = percentiles([0, 0, 0, 5, 7, 7]);
    expect(out).toEqual([1.5 / 6, 1.5 / 6, 1.5 / 6, 3.5 / 6, 5 / 6, 5 / 6]);
  });

  it('puts everyone at one half when all values tie', () => {
    expect(percentiles([3, 3, 3, 3]).out).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('matches the definition for integer counts (histogram path) and for fractions (sorting path)', () => {
    const check = (values: number[]): void => {
      const { out, median } = percentiles(values);
      out.forEach((p, i) => expect(p).toBeCloseTo(naive(values)[i] as number, 12));
      // Equal as numbers: a median of [-0] may come back as 0, which Object.is would tell apart.
      expect(median).toBeCloseTo(naiveMedian(values), 12);
    };
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 60 }), check));
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 60 }),
        check,
      ),
    );
    // Huge counts relative to the group fall back to sorting and still agree.
    check([0, 1_000_000, 3, 3, 2_000_000]);
  });

  it('keeps every percentile strictly inside (0, 1)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }), (values) => {
        for (const p of percentiles(values).out) {
          expect(p).toBeGreaterThan(0);
          expect(p).toBeLessThan(1);
        }
      }),
    );
  });

  it('runs the transform once per distinct value and has no median for an empty set', () => {
    let calls = 0;
    const values = Float64Array.from([1, 1, 2, 2, 2, 9]);
    midRankTransform(values, 6, new Float64Array(6), (p) => (calls++, p), rankScratch(6));
    expect(calls).toBe(3);
    expect(
      midRankTransform(new Float64Array(0), 0, new Float64Array(0), identity, rankScratch(0)),
    ).toBeNull();
  });
});

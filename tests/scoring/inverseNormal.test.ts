import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inverseNormalCdf } from '../../src/scoring/inverseNormal.ts';

// Reference quantiles of the standard normal from an independent double-precision implementation
// (scipy.stats.norm.ppf), covering the central region, both tails and the far tail beyond r > 5.
const REFERENCE: [number, number][] = [
  [1e-300, -37.0470962993612],
  [1e-20, -9.262340089798409],
  [1e-10, -6.361340902404056],
  [1e-5, -4.264890793922825],
  [0.001, -3.090232306167813],
  [0.025, -1.9599639845400545],
  [0.05, -1.6448536269514729],
  [0.1, -1.2815515655446004],
  [0.3, -0.5244005127080409],
  [0.5, 0],
  [0.975, 1.959963984540054],
  [0.999, 3.090232306167813],
];

describe('inverseNormalCdf', () => {
  it.each(REFERENCE)('matches the reference quantile at p = %s to 1e-9 relative', (p, z) => {
    expect(Math.abs(inverseNormalCdf(p) - z)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(z)));
  });

  // Below ~1e-6, 1 − p itself loses the digits that would make the comparison meaningful.
  it('is antisymmetric about one half', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (p) => {
        expect(inverseNormalCdf(1 - p)).toBeCloseTo(-inverseNormalCdf(p), 6);
      }),
    );
  });

  it('is strictly increasing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e-3, noNaN: true }),
        (p, step) => {
          fc.pre(p + step < 1);
          expect(inverseNormalCdf(p + step)).toBeGreaterThan(inverseNormalCdf(p));
        },
      ),
    );
  });

  it('is infinite at the ends and rejects probabilities outside [0, 1]', () => {
    expect(inverseNormalCdf(0)).toBe(-Infinity);
    expect(inverseNormalCdf(1)).toBe(Infinity);
    expect(() => inverseNormalCdf(-0.1)).toThrow(RangeError);
    expect(() => inverseNormalCdf(1.5)).toThrow(RangeError);
    expect(() => inverseNormalCdf(Number.NaN)).toThrow(RangeError);
  });
});

// The seeded PRNG and its distributions: reproducible sequences and the right first two moments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random, deriveSeed } from '../../src/synthetic/index.ts';

function moments(draw: () => number, n = 20_000): { mean: number; variance: number } {
  const values = Array.from({ length: n }, draw);
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  return { mean, variance: values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n };
}

describe('Random', () => {
  it('repeats the same sequence for the same seed and another for another seed', () => {
    const sequence = (seed: number) => {
      const rng = new Random(seed);
      return Array.from({ length: 50 }, () => rng.next());
    };
    expect(sequence(deriveSeed(1))).toEqual(sequence(deriveSeed(1)));
    expect(sequence(deriveSeed(1))).not.toEqual(sequence(deriveSeed(2)));
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 3, 2));
  });

  it('draws uniforms in [0, 1) and whole numbers within inclusive bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.nat(20), (seed, min, span) => {
        const rng = new Random(deriveSeed(seed));
        for (let i = 0; i < 50; i += 1) {
          const u = rng.next();
          expect(u >= 0 && u < 1).toBe(true);
          const k = rng.int(min, min + span);
          expect(Number.isInteger(k) && k >= min && k <= min + span).toBe(true);
        }
      }),
    );
  });

  it('shuffles into a permutation and picks members', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer(), { minLength: 1 }), (seed, items) => {
        const rng = new Random(deriveSeed(seed));
        const shuffled = rng.shuffle(items);
        expect([...shuffled].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
        expect(items).toContain(rng.pick(items));
      }),
    );
  });

  it('draws normals, Poissons, gammas and binomials with the expected moments', () => {
    const rng = new Random(deriveSeed(11));
    const normal = moments(() => rng.normal(3, 2));
    expect(normal.mean).toBeCloseTo(3, 1);
    expect(Math.sqrt(normal.variance)).toBeCloseTo(2, 1);
    for (const mean of [0.5, 4, 45]) {
      const poisson = moments(() => rng.poisson(mean));
      expect(poisson.mean / mean).toBeGreaterThan(0.95);
      expect(poisson.mean / mean).toBeLessThan(1.05);
      expect(poisson.variance / mean).toBeGreaterThan(0.9);
      expect(poisson.variance / mean).toBeLessThan(1.1);
    }
    for (const shape of [0.5, 3]) {
      const gamma = moments(() => rng.gamma(shape, 2));
      expect(gamma.mean / (shape * 2)).toBeGreaterThan(0.95);
      expect(gamma.mean / (shape * 2)).toBeLessThan(1.05);
    }
    const binomial = moments(() => rng.binomial(10, 0.3));
    expect(binomial.mean).toBeCloseTo(3, 1);
  });

  it('draws over-dispersed negative-binomial counts with many zeros', () => {
    const rng = new Random(deriveSeed(5));
    const values = Array.from({ length: 20_000 }, () => rng.negativeBinomial(4, 0.8));
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
    expect(mean).toBeGreaterThan(3.7);
    expect(mean).toBeLessThan(4.3);
    // variance = mean + mean² / shape = 24 for mean 4, shape 0.8
    expect(variance).toBeGreaterThan(18);
    expect(variance).toBeLessThan(30);
    // P(0) = (shape / (shape + mean))^shape ≈ 0.239, against 0.018 for a Poisson with the same mean
    const zeros = values.filter((v) => v === 0).length / values.length;
    expect(zeros).toBeGreaterThan(0.22);
    expect(zeros).toBeLessThan(0.26);
  });

  it('picks by weight', () => {
    const rng = new Random(deriveSeed(9));
    const picks = Array.from({ length: 10_000 }, () => rng.weighted(['a', 'b'], [1, 3]));
    const share = picks.filter((p) => p === 'b').length / picks.length;
    expect(share).toBeGreaterThan(0.72);
    expect(share).toBeLessThan(0.78);
  });
});

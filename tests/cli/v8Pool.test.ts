// The service's V8 worker pool: one worker per core beyond the first, at most Node's four, and never
// overriding a pool size the process was started with.
import { describe, expect, it } from 'vitest';
import { poolFlag, servicePoolSize } from '../../adapters/cli/launcher/v8Pool.js';

describe('the service V8 worker pool', () => {
  it('gives one worker per core beyond the first, at least one and at most four', () => {
    expect([1, 2, 3, 5, 16].map(servicePoolSize)).toEqual([1, 1, 2, 4, 4]);
  });

  it('adds the flag only when the process was not started with a pool size', () => {
    expect(poolFlag(['--import', 'tsx'], 2)).toBe('--v8-pool-size=1');
    expect(poolFlag(['--v8-pool-size=3'], 2)).toBeNull();
  });
});

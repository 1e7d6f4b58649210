import { describe, expect, it } from 'vitest';
import { persistentGaps } from '../../src/scoring/missingRuns.ts';

const weeks = (missing: string[][]) =>
  missing.map((sourcesMissing, i) => ({ week: `2026-W${40 + i}`, sourcesMissing }));

describe('persistentGaps', () => {
  it('reports a source missing for three consecutive weeks up to the latest', () => {
    const history = weeks([[], ['vle'], ['vle', 'lib'], ['vle', 'lib']]);
    expect(persistentGaps(history, 3)).toEqual([{ sourceId: 'vle', weeks: 3, since: '2026-W41' }]);
    expect(persistentGaps(history, 2)).toEqual([
      { sourceId: 'vle', weeks: 3, since: '2026-W41' },
      { sourceId: 'lib', weeks: 2, since: '2026-W42' },
    ]);
  });

  it('forgets a run once the source is back in the latest week', () => {
    expect(persistentGaps(weeks([['vle'], ['vle'], ['vle'], []]), 3)).toEqual([]);
    expect(persistentGaps([], 3)).toEqual([]);
  });
});

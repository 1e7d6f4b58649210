/** The chart a student sees of themselves, rendered as the chart route renders it: the shape, not a verdict. */
import { describe, expect, it } from 'vitest';
import { ChartRenderer } from '../../adapters/http/charts.ts';
import { PEER_AVERAGE_LABEL } from '../../adapters/http/chartSpecs/studentTrend.ts';

const POINTS = [
  { week: '2026-W40', score: 520, sharedCause: false },
  { week: '2026-W41', score: 410, sharedCause: false },
  { week: '2026-W42', score: 330, sharedCause: true },
  { week: '2026-W43', score: 380, sharedCause: false },
];

describe("a student's own trend chart", () => {
  const renderer = new ChartRenderer();

  it('draws the line against the peers’ average with no score axis, no thresholds and no shading labels', async () => {
    const svg = await renderer.svg({
      id: 's1',
      kind: 'student-trend',
      points: POINTS,
      expiresAt: new Date(),
    });
    expect(svg).toContain(PEER_AVERAGE_LABEL);
    // The weeks' numbers are not in the picture, not even as accessible labels.
    expect(svg).not.toMatch(/score|520|410|330|380/i);
    expect(svg).toContain('W43');
    expect(svg).not.toMatch(/attention|concern/);
    // No tick labels of a 0–1,000 axis.
    expect(svg).not.toMatch(/>(0|200|400|600|800|1,?000)</);
  });

  it('adds the score axis when the institution shows students their score', async () => {
    const svg = await renderer.svg({
      id: 's2',
      kind: 'student-trend-scored',
      points: POINTS,
      expiresAt: new Date(),
    });
    expect(svg).toContain('Score');
    expect(svg).toMatch(/>400</);
    expect(svg).not.toMatch(/attention|concern/);
  });
});

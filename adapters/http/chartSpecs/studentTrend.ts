/**
 * The trend chart a student sees of themselves: the shape of their weekly engagement against a dashed line
 * for their peers' average, with no thresholds and no bands — a picture of the direction, not a verdict —
 * and no score axis unless the institution shows students their score. Pure Vega-Lite from numbers only;
 * the HTTP adapter renders it.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { TrendPoint } from '../../../src/repositories/chartImages.ts';
import { chartFrame, trendChartData, WEEK_AXIS } from './trendAndBands.ts';

export const PEER_AVERAGE_LABEL = "your peers' average";

export function studentTrendChartSpec(
  points: readonly TrendPoint[],
  options: { scoreAxis: boolean },
): TopLevelSpec {
  const x = WEEK_AXIS;
  // The scale is fixed so the line's height means the same every week.
  const y = {
    type: 'quantitative' as const,
    scale: { domain: [0, 1000] },
    axis: options.scoreAxis ? { title: 'Score', tickCount: 5 } : null,
  };
  return {
    ...chartFrame(trendChartData(points)),
    layer: [
      {
        data: { values: [{ average: 500 }] },
        layer: [
          {
            mark: { type: 'rule', strokeDash: [4, 3], color: '#888888', aria: false },
            encoding: { y: { field: 'average', ...y } },
          },
          {
            mark: {
              type: 'text',
              align: 'left',
              dx: 4,
              dy: -6,
              x: 0,
              color: '#666666',
              text: PEER_AVERAGE_LABEL,
              aria: false,
            },
            encoding: { y: { field: 'average', ...y } },
          },
        ],
      },
      {
        // No accessible labels on the marks: they would carry each week's number into the picture's source.
        mark: { type: 'line', point: { aria: false }, color: '#4f52b2', strokeWidth: 2, aria: false },
        encoding: { x, y: { field: 'score', ...y } },
      },
    ],
  };
}

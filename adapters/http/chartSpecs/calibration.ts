/**
 * The risk model's calibration chart for the admin `model` card: each 10%-wide bin of predicted risk as a
 * point at (mean predicted, share who went on to withdraw or fail), sized by how many students it holds,
 * against the diagonal a perfectly calibrated model would sit on. Numbers only, never a student; the HTTP
 * adapter renders it to PNG like the other charts (trendAndBands.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CalibrationPoint } from '../../../src/repositories/chartImages.ts';
import { chartFrame } from './trendAndBands.ts';

const unit = { domain: [0, 1], nice: false };

export function calibrationChartSpec(points: readonly CalibrationPoint[]): TopLevelSpec {
  return {
    ...chartFrame(calibrationChartData(points)),
    layer: [
      {
        data: { values: [{ p: 0 }, { p: 1 }] },
        mark: { type: 'line', strokeDash: [4, 3], color: '#999999' },
        encoding: {
          x: { field: 'p', type: 'quantitative', scale: unit },
          y: { field: 'p', type: 'quantitative', scale: unit },
        },
      },
      {
        mark: { type: 'line', point: false, color: '#4f52b2', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', scale: unit, title: 'Predicted risk' },
          y: { field: 'observed', type: 'quantitative', scale: unit, title: 'Went on to withdraw or fail' },
        },
      },
      {
        mark: { type: 'circle', color: '#4f52b2', opacity: 0.85 },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', scale: unit, title: 'Predicted risk' },
          y: { field: 'observed', type: 'quantitative', scale: unit, title: 'Went on to withdraw or fail' },
          size: {
            field: 'count',
            type: 'quantitative',
            title: 'Students',
            legend: null,
            scale: { range: [20, 400] },
          },
        },
      },
    ],
  };
}

/** The rows of the calibration chart's dataset. */
export function calibrationChartData(points: readonly CalibrationPoint[]): Record<string, unknown>[] {
  return points.map((point) => ({
    predicted: point.predicted,
    observed: point.observed,
    count: point.count,
  }));
}

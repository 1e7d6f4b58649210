/**
 * The two pictures chat views show, as Vega-Lite specifications built from numbers only: a student's
 * weekly score trend (with the attention and significant-concern thresholds, and shared-cause weeks
 * marked so a whole-group dip is not read as the student's) and the band distribution. Pure: the chart
 * route (../charts.ts) compiles and renders them to PNG.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BandCount, TrendPoint } from '../../../src/repositories/chartImages.ts';

/** docs/signals.md: attention below 350, significant concern below 300. */
export const ATTENTION_THRESHOLD = 350;
export const CONCERN_THRESHOLD = 300;

/** What the grey weeks of a trend mean, shown when there are any. */
export const SHARED_CAUSE_KEY = 'Grey weeks: whole peer group dipped';

/** The font every chart names; the renderer loads the matching font file so text renders. */
export const CHART_FONT = 'DejaVu Sans';

/**
 * Sized for the narrowest card (Teams mobile or a side panel, about 360 px for the picture) so it is drawn
 * there at nearly its own size and its text stays readable; wider cards scale it up.
 */
const WIDTH = 300;
const HEIGHT = 180;
/** Text size of axis labels and marks, in chart pixels: about the card's own small text. */
const LABEL_FONT_SIZE = 13;

const baseConfig = {
  font: CHART_FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: LABEL_FONT_SIZE, titleFontSize: LABEL_FONT_SIZE, gridColor: '#e5e5e5' },
} as const;

/**
 * The named dataset each chart's numbers live in: the spec's shape never depends on the numbers, so a
 * renderer may compile it once and swap the values in.
 */
export const CHART_DATA = 'points';

/** What every chart shares: schema, size, padding, fonts and its numbers in the named dataset. */
export function chartFrame(values: Record<string, unknown>[]) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: HEIGHT,
    padding: { top: 16, right: 8, bottom: 4, left: 4 },
    config: baseConfig,
    data: { name: CHART_DATA, values },
  };
}

/**
 * The week axis of a trend. ISO week keys sort in time order as text, so it needs no explicit order;
 * "2026-W41" is labelled "W41": the year adds nothing to a term's trend and the short label keeps text
 * rendering cheap.
 */
export const WEEK_AXIS = {
  field: 'week',
  type: 'ordinal' as const,
  title: null,
  sort: 'ascending' as const,
  axis: { labelAngle: 0, labelExpr: 'slice(datum.value, 5)', labelOverlap: 'parity' as const },
};

export function trendChartSpec(points: readonly TrendPoint[]): TopLevelSpec {
  const x = WEEK_AXIS;
  return {
    ...chartFrame(trendChartData(points)),
    layer: [
      {
        transform: [{ filter: 'datum.sharedCause' }],
        mark: { type: 'bar', color: '#d9d9d9', opacity: 0.7 },
        encoding: { x, y: { datum: 1000, type: 'quantitative' } },
      },
      {
        // The key to the grey weeks, drawn above the plot only when the trend has one.
        transform: [
          { filter: 'datum.sharedCause' },
          { aggregate: [{ op: 'count', as: 'weeks' }] },
          { filter: 'datum.weeks > 0' },
        ],
        mark: {
          type: 'text',
          text: SHARED_CAUSE_KEY,
          align: 'left',
          baseline: 'bottom',
          x: 0,
          y: -4,
          fontSize: LABEL_FONT_SIZE - 1,
          color: '#666666',
        },
      },
      {
        data: {
          values: [
            { threshold: ATTENTION_THRESHOLD, label: `attention ${ATTENTION_THRESHOLD}` },
            { threshold: CONCERN_THRESHOLD, label: `concern ${CONCERN_THRESHOLD}` },
          ],
        },
        layer: [
          {
            mark: { type: 'rule', strokeDash: [4, 3] },
            encoding: {
              y: { field: 'threshold', type: 'quantitative' },
              color: {
                field: 'label',
                type: 'nominal',
                scale: { range: ['#e8a33d', '#d13438'] },
                legend: null,
              },
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, dy: -6, fontSize: LABEL_FONT_SIZE - 1, x: 0 },
            encoding: {
              y: { field: 'threshold', type: 'quantitative' },
              text: { field: 'label' },
              color: { field: 'label', type: 'nominal', legend: null },
            },
          },
        ],
      },
      {
        mark: { type: 'line', point: true, color: '#4f52b2', strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'score', type: 'quantitative', title: 'Score', scale: { domain: [0, 1000] } },
        },
      },
    ],
  };
}

/** Bars in the order given (lowest band first), each labelled with its count. */
export function bandsChartSpec(counts: readonly BandCount[]): TopLevelSpec {
  return {
    ...chartFrame(bandsChartData(counts)),
    encoding: {
      x: { field: 'label', type: 'nominal', title: null, sort: null, axis: { labelAngle: 0 } },
      y: { field: 'count', type: 'quantitative', title: 'Students' },
    },
    layer: [
      { mark: { type: 'bar', color: '#4f52b2' } },
      {
        mark: { type: 'text', dy: -6, fontSize: LABEL_FONT_SIZE },
        encoding: { text: { field: 'count', type: 'quantitative' } },
      },
    ],
  };
}

/** The rows of the trend chart's dataset. */
export function trendChartData(points: readonly TrendPoint[]): Record<string, unknown>[] {
  return points.map((point) => ({ week: point.week, score: point.score, sharedCause: point.sharedCause }));
}

/** The rows of the band chart's dataset, in the order the bars are drawn. */
export function bandsChartData(counts: readonly BandCount[]): Record<string, unknown>[] {
  return counts.map((count) => ({ label: count.label, count: count.count }));
}

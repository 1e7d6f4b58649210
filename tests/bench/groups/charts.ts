/**
 * Bench group "charts": rendering a chart image as the /charts route does on a cache miss — Vega-Lite
 * runtime (compiled once) → Vega headless view → SVG → PNG with resvg at 1.5× density — for a 30-week
 * score trend and the five-band distribution. Median of 30 renders each after 5 warm-up renders, in ms.
 */
import { performance } from 'node:perf_hooks';
import { ChartRenderer } from '../../../adapters/http/charts.ts';
import type { StoredChart } from '../../../src/repositories/chartImages.ts';

const WARMUP = 5;
const RUNS = 30;

const TREND: StoredChart = {
  id: 'bench-trend',
  kind: 'trend',
  expiresAt: new Date(0),
  points: Array.from({ length: 30 }, (_, i) => ({
    week: `2026-W${String(20 + i).padStart(2, '0')}`,
    score: 560 - i * 9 + (i % 3) * 20,
    sharedCause: i === 7,
  })),
};

const BANDS: StoredChart = {
  id: 'bench-bands',
  kind: 'bands',
  expiresAt: new Date(0),
  counts: [
    { label: '0–199', count: 12 },
    { label: '200–399', count: 80 },
    { label: '400–599', count: 220 },
    { label: '600–799', count: 98 },
    { label: '800–1000', count: 2 },
  ],
};

async function medianMs(renderer: ChartRenderer, chart: StoredChart): Promise<number> {
  for (let i = 0; i < WARMUP; i += 1) await renderer.png(chart);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await renderer.png(chart);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

export async function run(): Promise<Record<string, number>> {
  const renderer = new ChartRenderer();
  return {
    'chart.png_ms': await medianMs(renderer, TREND),
    'chart.bands_png_ms': await medianMs(renderer, BANDS),
  };
}

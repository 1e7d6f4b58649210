/**
 * Bench group "charts": rendering a chart image as the /charts route does on a cache miss — Vega-Lite
 * runtime (compiled once) → Vega headless view → SVG → PNG with resvg at 1.5× density — for a 30-week
 * score trend and the five-band distribution. Median of 30 renders each after 5 warm-up renders, in ms:
 * wall time, and the process CPU time of the same renders (`chart.png_cpu_ms`), which stays meaningful
 * when other work shares the machine's cores.
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

interface Timing {
  wallMs: number;
  cpuMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
};

async function time(renderer: ChartRenderer, chart: StoredChart): Promise<Timing> {
  for (let i = 0; i < WARMUP; i += 1) await renderer.png(chart);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    await renderer.png(chart);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

export async function run(): Promise<Record<string, number>> {
  const renderer = new ChartRenderer();
  const trend = await time(renderer, TREND);
  const bands = await time(renderer, BANDS);
  return {
    'chart.png_ms': trend.wallMs,
    'chart.png_cpu_ms': trend.cpuMs,
    'chart.bands_png_ms': bands.wallMs,
    'chart.bands_png_cpu_ms': bands.cpuMs,
  };
}

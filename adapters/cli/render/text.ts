/** Small text-rendering helpers shared by the CLI views: trend arrows, sparklines, bars and numbers. */
import type { Trend } from '../../../src/signals/studentSignals.ts';

const SPARKS = '▁▂▃▄▅▆▇█';

export function trendArrow(trend: Trend | null): string {
  return trend === 'up' ? '↑' : trend === 'down' ? '↓' : trend === 'flat' ? '→' : ' ';
}

/** Scores (0–1,000) as a row of block characters on a fixed scale, so sparklines compare across rows. */
export function sparkline(scores: readonly number[]): string {
  return scores.map((score) => SPARKS[Math.min(7, Math.max(0, Math.floor(score / 125)))]).join('');
}

export function bar(share: number, width: number): string {
  const cells = Math.round(share * width);
  return '█'.repeat(cells) + (cells === 0 && share > 0 ? '▏' : '');
}

export function signed(value: number | null): string {
  if (value === null) return '—';
  return value > 0 ? `+${value}` : `${value}`;
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value)}%`;
}

export function daysAgo(days: number | null): string {
  if (days === null) return 'never';
  return days === 0 ? 'today' : `${days}d ago`;
}

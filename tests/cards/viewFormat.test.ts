// The words and symbols both renderers use for numbers: unknowns, signs, arrows, shares, truncation.
import { describe, expect, it } from 'vitest';
import {
  bandName,
  formatChange,
  formatDay,
  formatDaysSince,
  formatPercent,
  formatRisk,
  formatShare,
  formatSigned,
  formatTrend,
  moreTutorsLine,
  sparkline,
  truncate,
  tutorCountLine,
} from '../../src/chat/views/viewFormat.ts';

describe('view formatting', () => {
  it('writes changes and signed values with a real minus sign, and "—" when unknown', () => {
    expect([formatChange(35), formatChange(-120.4), formatChange(0.2), formatChange(null)]).toEqual([
      '+35',
      '−120',
      '0',
      '—',
    ]);
    expect([formatSigned(-1.234), formatSigned(0.491), formatSigned(-0.001), formatSigned(null)]).toEqual([
      '−1.23',
      '+0.49',
      '0.00',
      '—',
    ]);
  });

  it('pairs the trend arrow with the four-week change', () => {
    expect([
      formatTrend('down', -143),
      formatTrend('up', 60),
      formatTrend('flat', 4),
      formatTrend(null, null),
    ]).toEqual(['▼ −143', '▲ +60', '▶ +4', '—']);
  });

  it('shows attendance, shares and days since contact in words a tutor reads at a glance', () => {
    expect([formatPercent(61.6), formatPercent(null)]).toEqual(['62%', '—']);
    // A calibrated risk is never shown as certain either way.
    expect([0.9999, 0.951, 0.95, 0.414, 0.05, 0.0001, null].map(formatRisk)).toEqual([
      '>95%',
      '>95%',
      '95%',
      '41%',
      '5%',
      '<5%',
      '—',
    ]);
    expect([formatShare(0.194), formatShare(0.004), formatShare(0)]).toEqual(['19%', '<1%', '0%']);
    expect([formatDaysSince(0), formatDaysSince(19), formatDaysSince(null)]).toEqual(['0 d', '19 d', 'none']);
  });

  it('shows timestamps as their day', () => {
    expect([formatDay('2026-11-09T12:45:00.000Z'), formatDay('2026-11-09'), formatDay('last week')]).toEqual([
      '2026-11-09',
      '2026-11-09',
      'last week',
    ]);
  });

  it('draws recent scores as a sparkline on the 0–1,000 scale', () => {
    expect(sparkline([0, 500, 1000])).toBe('▁▄█');
  });

  it('names a band once, with its range only when the label is not the range', () => {
    expect(bandName('200–399', 200, 399)).toBe('200–399');
    expect(bandName('Low', 200, 399)).toBe('Low (200–399)');
  });

  it('truncates to the limit with an ellipsis, never splitting a surrogate pair', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('ab😀😀😀', 5);
    expect(cut.length).toBeLessThanOrEqual(5);
    expect(cut).toBe('ab😀…');
    expect(truncate('x'.repeat(3001), 3000)).toHaveLength(3000);
  });

  it('counts a programme digest’s tutors in words, one or many', () => {
    expect(tutorCountLine({ name: 'Sam Lee', needsAction: 1, listed: 4 })).toBe(
      'Sam Lee: 1 needs action · 4 listed',
    );
    expect(tutorCountLine({ name: 'Sam Lee', needsAction: 0, listed: 2 })).toBe(
      'Sam Lee: 0 need action · 2 listed',
    );
    expect(moreTutorsLine(1)).toBe('and 1 more tutor');
    expect(moreTutorsLine(4)).toBe('and 4 more tutors');
  });
});

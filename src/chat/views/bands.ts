/**
 * The band distribution (docs/signals.md) as chat views: counts and shares per 200-point band, with a drill-in
 * button per band for viewers who may see names, and a band's students as a paged list.
 */
import type { IsoWeek } from '../../domain/isoWeek.ts';
import type { ScoreBand } from '../../domain/model.ts';
import { bandDistribution, studentsInBand } from '../../signals/distribution.ts';
import type { ListEntry } from '../../signals/lists.ts';
import type { SignalEntry } from '../../weekly/loadSignals.ts';
import { LIST_PAGE_SIZE } from './displayLimits.ts';
import { pageCount, sectionPage } from './rows.ts';
import type { BandsSummary, BandsView, Button, ImageRef, StudentListView } from './viewModel.ts';

export function bandLabel(band: number): string {
  const from = band * 200;
  return `${from}–${band === 4 ? 1000 : from + 199}`;
}

export function bandsSummary(entries: readonly ListEntry[]): BandsSummary {
  const distribution = bandDistribution(entries);
  return {
    bands: distribution.bands.map((count) => ({
      band: count.band,
      label: bandLabel(count.band),
      from: count.range[0],
      to: count.range[1],
      count: count.count,
      share: count.share,
    })),
    scored: distribution.scored,
  };
}

export function buildBandsView(options: {
  scopeLabel: string;
  week: IsoWeek;
  entries: readonly ListEntry[];
  chart: ImageRef | null;
  drillIn: boolean;
}): BandsView {
  const summary = bandsSummary(options.entries);
  const buttons: Button[] = options.drillIn
    ? summary.bands
        .filter((band) => band.count > 0)
        .map((band) => ({
          label: `${band.label} (${band.count})`,
          action: { op: 'showBand', band: band.band },
        }))
    : [];
  return {
    kind: 'bands',
    title: `Score bands — ${options.scopeLabel}`,
    week: options.week,
    summary,
    chart: options.chart,
    buttons,
  };
}

export function buildBandListView(options: {
  scopeLabel: string;
  week: IsoWeek;
  entries: readonly SignalEntry[];
  band: ScoreBand;
  page: number;
}): StudentListView {
  const members = studentsInBand(options.entries, options.band);
  const pages = pageCount(members.length, LIST_PAGE_SIZE);
  const page = Math.min(options.page, pages);
  const section = sectionPage({
    key: 'band',
    title: `Band ${bandLabel(options.band)}`,
    rule: `score ${bandLabel(options.band)} this week, lowest first`,
    entries: members,
    page,
    pageSize: LIST_PAGE_SIZE,
  });
  const buttons: Button[] = [];
  if (page > 1) {
    buttons.push({ label: 'Previous page', action: { op: 'showBand', band: options.band, page: page - 1 } });
  }
  if (page < pages) {
    buttons.push({ label: 'Next page', action: { op: 'showBand', band: options.band, page: page + 1 } });
  }
  buttons.push({ label: 'All bands', action: { op: 'showBands' } });
  return {
    kind: 'student-list',
    title: `${section.title} — ${options.scopeLabel}`,
    week: options.week,
    section,
    page,
    pageCount: pages,
    buttons,
  };
}

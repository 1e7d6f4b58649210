/**
 * The governance summary for managers (docs/privacy.md): aggregate figures only, never a name — how many students
 * are scored, declining, consistently low, without contact, with an active case and recovering, the share
 * declining per year of study, how many the risk model flags At Risk, the risk model's scorecard line, the recovery after this term's cases
 * and contacts (intervention outcomes), each source's data quality and freshness, and the band distribution. Numbers are formatted as on every card.
 * Groups smaller than a minimum are not broken out, and a count of fewer than five students is shown as
 * "fewer than 5", so no figure points at an individual.
 */
import type { OutcomeReport } from '../../cases/outcomes.ts';
import type { RecoverySummary } from '../../cases/recovery.ts';
import type { IsoWeek } from '../../domain/isoWeek.ts';
import type { Scorecard } from '../../prediction/scorecard.ts';
import type { SignalEntry } from '../../weekly/loadSignals.ts';
import { bandsSummary } from './bands.ts';
import { formatChange, formatCount, SMALL_NUMBER, SUPPRESSED_COUNT } from './viewFormat.ts';
import type { BandsSummary, GovernanceView, ImageRef } from './viewModel.ts';

/** Groups smaller than this are not reported separately. */
export const MIN_GROUP_SIZE = 10;

const isSuppressed = (n: number) => n > 0 && n < SMALL_NUMBER;

/** The count as shown: "fewer than 5" for 1–4 students, so a figure never points at an individual. */
function studentCount(n: number): string {
  return isSuppressed(n) ? SUPPRESSED_COUNT : formatCount(n);
}

/** The band distribution of an aggregate view: a band of 1–4 students shows neither its count nor its
 * share (nor its height on the chart). */
export function withSmallBandsSuppressed(summary: BandsSummary): BandsSummary {
  return {
    ...summary,
    bands: summary.bands.map((band) =>
      isSuppressed(band.count) ? { ...band, count: 0, share: 0, suppressed: true } : band,
    ),
  };
}

/** One source's data quality for the summary (ingest/sourceAdmin.ts `sourceStatus`). */
export interface SourceQualityLine {
  name: string;
  freshness: string;
  /** The latest week's overall quality, 0–100; null before any delivery. */
  overall: number | null;
  flagged: boolean;
}

/** How far back the intervention outcomes look: a term of interventions and their 4–6 week follow-up. */
export const OUTCOME_WINDOW_DAYS = 16 * 7;

export function buildGovernanceView(options: {
  scopeLabel: string;
  week: IsoWeek;
  entries: readonly SignalEntry[];
  chart: ImageRef | null;
  /** Recovery 4–6 weeks after cases opened and contacts made in the window (aggregates only). */
  outcomes: OutcomeReport | null;
  /** The active risk model's scorecard, for its one summary line (scorecard.ts). */
  scorecard?: Scorecard | null;
  /** Each enabled source's data quality and freshness. */
  dataQuality?: readonly SourceQualityLine[];
}): GovernanceView {
  const { entries } = options;
  const total = entries.length;
  const count = (test: (entry: SignalEntry) => boolean) => entries.filter(test).length;
  const share = (n: number, of: number) => (of === 0 ? '0%' : `${Math.round((n / of) * 100)}%`);
  const figure = (label: string, n: number) => ({
    label,
    value: isSuppressed(n) ? studentCount(n) : `${formatCount(n)} (${share(n, total)})`,
  });
  const partOf = (n: number, of: number) =>
    isSuppressed(n) || isSuppressed(of)
      ? `${studentCount(n)} of ${studentCount(of)}`
      : `${formatCount(n)} of ${formatCount(of)} (${share(n, of)})`;
  const attention = entries.filter((e) => e.signals.attention);
  const attentionContacted = attention.filter(
    (e) => e.signals.daysSinceContact !== null && e.signals.daysSinceContact < 14,
  ).length;
  const withCase = entries.filter((e) => e.signals.openCase);
  const figures: GovernanceView['figures'] = [
    { label: 'Students scored this week', value: formatCount(total) },
    figure(
      'Declining engagement over the last four weeks',
      count((e) => e.signals.declining),
    ),
    figure(
      'Consistently low (below 350 for three or more weeks)',
      count((e) => e.signals.consistentlyLow),
    ),
    figure('Below 350 (attention)', attention.length),
    figure(
      'Priority contact (below 350, no case, no contact in 14 days)',
      count((e) => e.signals.priorityContact),
    ),
    {
      label: 'Students below 350 contacted by staff in the last 14 days',
      value: partOf(attentionContacted, attention.length),
    },
    figure('With an active support case', withCase.length),
    {
      label: 'Active cases whose student is recovering (+50 over two weeks)',
      value: `${studentCount(withCase.filter((e) => e.signals.recovering).length)} of ${studentCount(withCase.length)}`,
    },
    figure(
      'Recovering (+50 or more over two weeks)',
      count((e) => e.signals.recovering),
    ),
  ];
  // Predictive risk, when the AI layer has predictions this week: a count, never a name.
  if (entries.some((e) => e.trajectory !== undefined)) {
    figures.push(
      figure(
        'At Risk (predictive risk at or above its threshold)',
        count((e) => e.trajectory === 'At Risk'),
      ),
    );
  }
  if (options.scorecard) figures.push(scorecardFigure(options.scorecard, entries));
  if (options.outcomes) {
    figures.push(outcomeFigure('Support cases opened this term', options.outcomes.cases));
    figures.push(outcomeFigure('Students contacted by staff this term', options.outcomes.contacts));
  }
  for (const source of options.dataQuality ?? []) figures.push(qualityFigure(source));
  const years = [...new Set(entries.map((e) => e.student.yearOfStudy))].sort((a, b) => a - b);
  for (const year of years) {
    const cohort = entries.filter((e) => e.student.yearOfStudy === year);
    if (cohort.length < MIN_GROUP_SIZE) continue;
    const declining = cohort.filter((e) => e.signals.declining).length;
    figures.push({
      label: `Year ${year}`,
      value: `${share(declining, cohort.length)} of ${formatCount(cohort.length)} students have declining engagement over the last four weeks`,
    });
  }
  return {
    kind: 'governance',
    title: `Governance summary — ${options.scopeLabel}`,
    week: options.week,
    scopeLabel: options.scopeLabel,
    figures,
    summary: withSmallBandsSuppressed(bandsSummary(entries)),
    chart: options.chart,
  };
}

/** "12 — 7 measured 4–6 weeks later: 3 recovered (43%), 3 unchanged, 1 declined; median change +35". */
function outcomeFigure(label: string, summary: RecoverySummary): { label: string; value: string } {
  const parts = [studentCount(summary.interventions)];
  if (summary.measured > 0) {
    const share = isSuppressed(summary.recovered)
      ? ''
      : ` (${Math.round((summary.recoveredShare ?? 0) * 100)}%)`;
    const median =
      summary.medianChange === null || isSuppressed(summary.measured)
        ? ''
        : `; median change ${formatChange(summary.medianChange)}`;
    parts.push(
      `${studentCount(summary.measured)} measured 4–6 weeks later: ${studentCount(summary.recovered)} recovered${share}, ` +
        `${studentCount(summary.unchanged)} unchanged, ${studentCount(summary.declined)} declined${median}`,
    );
  }
  if (summary.pending > 0) parts.push(`${studentCount(summary.pending)} awaiting follow-up`);
  return { label: `${label} (score recovery after the intervention)`, value: parts.join(' — ') };
}

/** "Data quality — VLE": "97% · Fresh", or flagged below 80%. */
function qualityFigure(source: SourceQualityLine): { label: string; value: string } {
  const quality = source.overall === null ? 'no deliveries scored yet' : `${Math.round(source.overall)}%`;
  const flag = source.flagged ? ' — below 80%, flagged' : '';
  return { label: `Data quality — ${source.name}`, value: `${quality} · ${source.freshness}${flag}` };
}

/** "v3 · ROC AUC 0.78 at week 8 on 2025/26 Autumn · 95 At Risk this week": the model's scorecard in one line. */
function scorecardFigure(card: Scorecard, entries: readonly SignalEntry[]): { label: string; value: string } {
  const parts = [card.versionId];
  const { headline } = card;
  if (headline !== null && headline.auc !== null)
    parts.push(`ROC AUC ${headline.auc.toFixed(2)} at week ${headline.week} on ${card.evaluatedOn}`);
  const predicted = entries.some((e) => e.trajectory !== undefined);
  parts.push(
    predicted
      ? `${studentCount(entries.filter((e) => e.trajectory === 'At Risk').length)} At Risk this week`
      : 'no predictions this week',
  );
  return { label: 'Risk model scorecard', value: parts.join(' · ') };
}

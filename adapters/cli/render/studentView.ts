/** One student's view as text: who, status, trend chart, why flagged (per source), case and contacts. */
import type { StudentView } from '../../../src/weekly/studentView.ts';
import { formatAttendance, formatRisk, formatSourceMeasure } from '../../../src/chat/views/viewFormat.ts';
import { riskWording } from '../../../src/prediction/targets.ts';
import { formatTable } from '../output.ts';
import { daysAgo, signed, sparkline, trendArrow } from './text.ts';

export function renderStudentView(view: StudentView): string[] {
  const { student, signals } = view;
  const lines: string[] = [];
  lines.push(
    `${student.name} (${student.id}) — ${student.programmeId}, year ${student.yearOfStudy}, tutor ${student.tutorId}`,
  );
  if (view.notScoredBecause) lines.push(`Not scored: ${view.notScoredBecause}`);
  if (signals.score !== null) {
    lines.push(
      `Score ${signals.score} in ${view.week} (500 = peer average) · four-week change ${signed(signals.fourWeekChange)} ${trendArrow(signals.trend)} · attendance ${formatAttendance(signals.attendancePct, signals.attendanceMissing)} · last contact ${daysAgo(signals.daysSinceContact)}`,
    );
    const flags = [
      signals.declining && 'declining',
      signals.consistentlyLow && 'consistently low',
      signals.significantConcern ? 'significant concern' : signals.attention && 'attention',
      signals.priorityContact && 'priority contact',
      signals.recovering && 'recovering',
      signals.lowEngagement && 'low engagement',
      signals.sharedCauseThisWeek && 'shared cause this week (peer group activity fell together)',
    ].filter(Boolean);
    lines.push(`Signals: ${flags.length > 0 ? flags.join(', ') : 'none'}`);
  }
  if (view.prediction) {
    const p = view.prediction;
    lines.push(
      `Trajectory: ${p.trajectory} · ${formatRisk(p.probability)} ${riskWording(p.target)} (model ${p.modelVersion})`,
    );
    for (const reason of p.reasons) lines.push(`  - ${reason}`);
  }
  if (view.trend.length > 0) {
    const recorded = view.trend.some((point) => point.attendancePct !== null);
    lines.push('');
    lines.push(`Trend ${sparkline(view.trend.map((point) => point.score))}`);
    lines.push(
      ...formatTable([
        ['week', 'score', 'attendance', ''],
        ...view.trend.map((point) => [
          point.week,
          `${point.score}`,
          formatAttendance(point.attendancePct, recorded),
          point.sharedCause ? 'shared cause' : '',
        ]),
      ]).map((line) => `  ${line}`),
    );
  }
  if (view.explanation) {
    const e = view.explanation;
    lines.push('');
    lines.push(
      `Why (${e.week}, compared with ${e.peerGroup}${e.mergedFrom ? `, merged from ${e.mergedFrom}` : ''}; coverage ${Math.round(e.coverage * 100)}%):`,
    );
    lines.push(
      ...formatTable([
        ['source', 'measure', 'peer median', 'normal score', 'weight', 'contribution'],
        ...e.sources.map((source) => [
          e.sourceNames[source.sourceId] ?? source.sourceId,
          formatSourceMeasure(source.measure === null ? null : formatMeasure(source.measure), source.imputed),
          source.peerMedian === null ? '—' : formatMeasure(source.peerMedian),
          source.normalScore === null ? '—' : source.normalScore.toFixed(2),
          `${Math.round(source.weight * 100)}%`,
          source.contribution.toFixed(2),
        ]),
      ]).map((line) => `  ${line}`),
    );
  }
  lines.push('');
  lines.push(
    view.activeCase
      ? `Case: ${view.activeCase.status} since ${view.activeCase.openedAt.toISOString().slice(0, 10)} — ${view.activeCase.reason}`
      : 'Case: none open',
  );
  lines.push(view.contacts.length > 0 ? 'Recent contacts:' : 'Recent contacts: none');
  for (const contact of view.contacts) {
    lines.push(
      `  ${contact.at.toISOString().slice(0, 10)}  ${contact.channel.padEnd(7)}  ${contact.staffId}  ${contact.note}`,
    );
  }
  return lines;
}

function formatMeasure(value: number): string {
  return Number.isInteger(value) ? `${value}` : value.toFixed(2);
}

/** The text report of `engage import`: what was imported, what was scored, and the rows that were skipped. */
import { formatCount } from '../../../src/chat/views/viewFormat.ts';
import type { OuladAuditAttributesSummary } from '../../../src/importers/oulad/auditAttributes.ts';
import type { OuladImportSummary } from '../../../src/importers/oulad/importOulad.ts';
import { riskWording, type ModelTarget } from '../../../src/prediction/targets.ts';
import { formatTable } from '../output.ts';

export interface ImportReport extends OuladImportSummary {
  /** Audit-only attributes stored for the fairness table (never read by a model or a view). */
  auditAttributes: OuladAuditAttributesSummary;
  source: string;
  weeksScored: number;
  /** The risk model trained on the imported history when the store had none, with its first predictions. */
  riskModel:
    | {
        trained: true;
        version: string;
        target: ModelTarget;
        terms: string[];
        week: string | null;
        predicted: number;
        atRisk: number;
      }
    /** `kept`: the store's models are left as they are. */
    | { trained: false; kept: boolean; reason: string };
  seconds: number;
}

/** How many skipped rows are listed one by one; the rest are only counted. */
const LISTED_SKIPS = 10;

/** The report, ending with the command to run next (as the reader can type it). */
export function renderImportSummary(report: ImportReport, next: string): string[] {
  const weeks = report.termWeeks;
  const rows = [
    [
      'students',
      `${formatCount(report.students)} (one per registration), ${report.tutors} ${report.tutors === 1 ? 'tutor' : 'tutors'}`,
    ],
    ['term weeks', `${weeks.length} (${weeks[0]} to ${weeks.at(-1)}), ${report.weeksScored} scored`],
    [
      'day 0',
      Object.entries(report.dayZero)
        .map(([presentation, date]) => `${presentation} ${date}`)
        .join(', '),
    ],
    [
      'measures written',
      `${formatCount(report.measuresWritten)} (VLE clicks and submissions per enrolled week)`,
    ],
    [
      'coursework',
      `${formatCount(report.courseworkWeeksWritten)} student-weeks of deadlines due, met, late and marks`,
    ],
    [
      'audit only',
      `${report.auditAttributes.attributes.join(', ')} of ${formatCount(report.auditAttributes.students)} students, for the model's fairness table only`,
    ],
    [
      'not stored',
      `${formatCount(report.activityOutsideEnrolment)} activity rows dated outside the enrolled term weeks`,
    ],
    [
      'skipped rows',
      report.skipped.total === 0
        ? 'none'
        : `${formatCount(report.skipped.total)}: ${Object.entries(report.skipped.byReason)
            .map(([reason, count]) => `${reason} ${formatCount(count)}`)
            .join(', ')}`,
    ],
  ];
  const model = report.riskModel;
  rows.push([
    'risk model',
    model.trained
      ? `${model.version} trained on ${model.terms.join(', ')} (${riskWording(model.target)}); ` +
        `${formatCount(model.atRisk)} of ${formatCount(model.predicted)} students At Risk in ${model.week ?? '—'}`
      : `not trained: ${model.reason}`,
  ]);
  if (report.rowsOutsideSelection > 0) {
    rows.push([
      'not selected',
      `${formatCount(report.rowsOutsideSelection)} rows of other module presentations`,
    ]);
  }
  const listed = report.skipped.first.slice(0, LISTED_SKIPS);
  const unlisted = report.skipped.total - listed.length;
  return [
    `Imported OULAD ${report.presentations.join(', ')} from ${report.source} in ${report.seconds.toFixed(1)} s.`,
    ...formatTable(rows).map((line) => `  ${line}`),
    ...listed.map((row) => `    ${row.file} line ${row.line}: ${row.reason} (${row.detail})`),
    ...(unlisted > 0 ? [`    and ${formatCount(unlisted)} more`] : []),
    '',
    `Next: ${next}`,
  ];
}

/**
 * `engage model report`: predictive risk (issue 17, first slice). Trains on the earlier of the two most
 * recent terms with recorded outcomes and reports, per term week of the later term, how well the model
 * ranks and how well it is calibrated (see docs/prediction.md, "Training and the report").
 */
import { modelReport, NotEnoughTermsError, REPORT_WEEKS } from '../../../src/prediction/modelReport.ts';
import { EXIT, stringOption, UsageError, type Command } from '../command.ts';
import { formatTable } from '../output.ts';
import { withRepositories } from '../session.ts';

const two = (value: number | null) => (value === null ? '—' : value.toFixed(2));
const three = (value: number | null) => (value === null ? '—' : value.toFixed(3));

export const modelCommand: Command = {
  name: 'model',
  summary: 'Train the risk model on the earlier term with outcomes and report it on the later one.',
  usage: 'engage model report [--weeks <k,k,...>] [--json]',
  options: { weeks: { type: 'string' } },
  optionHelp: ['--weeks <k,...>    term weeks reported on the later term (default: 4,6,8,10,12)'],
  examples: ['engage model report', 'engage model report --weeks 8 --json'],
  async run(context) {
    const [action, ...extra] = context.positionals;
    if (action !== 'report' || extra.length > 0) {
      throw new UsageError(`engage model takes one action: report (got "${context.positionals.join(' ')}")`);
    }
    const raw = stringOption(context, 'weeks');
    const weeks = raw === undefined ? REPORT_WEEKS : raw.split(',').map((part) => Number(part.trim()));
    if (weeks.some((k) => !Number.isInteger(k) || k < 1 || k > 60)) {
      throw new UsageError(`--weeks takes term weeks from 1 to 60, comma-separated (got "${raw}")`);
    }
    let report;
    try {
      report = await withRepositories(context.env, (repos) => modelReport(repos, { weeks }));
    } catch (error) {
      if (error instanceof NotEnoughTermsError) throw new UsageError(error.message);
      throw error;
    }
    if (context.json) {
      context.out.json(report);
      return EXIT.ok;
    }
    context.out.line(
      `Trained on ${report.trainingTerm} (term weeks ${report.trainingWeeks.join(',')}, ${report.trainingRows} student-weeks, base rate ${two(report.trainingBaseRate)}; L2 logistic, λ = ${report.lambda}; ${report.calibration}).`,
    );
    context.out.line(
      `Operating threshold ${three(report.operatingThreshold)}: flags on the training term the top share equal to its base rate.`,
    );
    context.out.line(`Reported on ${report.testTerm}, students still registered at the end of each week:`);
    for (const line of formatTable([
      ['term week', ...report.weeks.map((week) => String(week.termWeek))],
      ['registered', ...report.weeks.map((week) => String(week.count))],
      ['base rate', ...report.weeks.map((week) => two(week.baseRate))],
      ['ROC AUC', ...report.weeks.map((week) => two(week.auc))],
      ['PR AUC', ...report.weeks.map((week) => two(week.prAuc))],
      ['Brier', ...report.weeks.map((week) => three(week.brier))],
      ['flagged', ...report.weeks.map((week) => String(week.flagged))],
      ['precision', ...report.weeks.map((week) => two(week.precision))],
      ['recall', ...report.weeks.map((week) => two(week.recall))],
    ]))
      context.out.line(`  ${line}`);
    for (const week of report.weeks) {
      context.out.line('');
      context.out.line(`Calibration, term week ${week.termWeek} (predicted → observed, count):`);
      for (const bin of week.calibration) {
        if (bin.count === 0) continue;
        context.out.line(
          `  [${bin.lower.toFixed(1)}, ${bin.upper.toFixed(1)})  ${three(bin.meanPredicted)} → ${three(bin.observedRate)}  (${bin.count})`,
        );
      }
    }
    return EXIT.ok;
  },
};

/**
 * `engage outcomes import <file|->`: an outcomes delivery (CSV: student, term, outcome, date) by hand,
 * through the same rules as every feed — fingerprinted, validated, bad rows quarantined. The outcomes are
 * what `engage evaluate` and `engage model` measure the lists and the risk model against.
 */
import { ingestOutcomes, type OutcomesIngestReport } from '../../../src/evaluation/ingestOutcomes.ts';
import { fileDelivery, withSpooledDelivery } from '../../files/fileDelivery.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { engageCommandLine } from '../hint.ts';
import { withRepositories } from '../session.ts';

export const outcomesCommand: Command = {
  usage: 'engage outcomes import <file|-> [--json]',
  options: {},
  optionHelp: [],
  examples: [
    'engage outcomes import ./outcomes-2025-26.csv',
    'engage outcomes import - --json < outcomes.csv',
  ],
  async run(context) {
    const [action, path, ...extra] = context.positionals;
    if (action !== 'import')
      throw new UsageError(
        action === undefined ? 'say what to do: import' : `unknown action "${action}"; actions: import`,
      );
    if (path === undefined)
      throw new UsageError('give a CSV file (student, term, outcome, date), or - for standard input');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const report = await withRepositories(context.env, (repos) =>
      path === '-'
        ? withSpooledDelivery(process.stdin, 'outcomes', (delivery) => ingestOutcomes(repos, delivery))
        : fileDelivery(path, 'outcomes').then((delivery) => ingestOutcomes(repos, delivery)),
    );
    if (context.json) context.out.json(report);
    else
      for (const line of describe(report, (args) => engageCommandLine(context.env, args)))
        context.out.line(line);
    return report.status === 'rejected' ? EXIT.failure : EXIT.ok;
  },
};

function describe(report: OutcomesIngestReport, hint: (args: string) => string): string[] {
  const head = `outcomes: delivery ${report.deliveryId.slice(0, 12)} (${report.name})`;
  if (report.status === 'rejected') return [`${head} rejected: ${report.reason}`];
  if (report.status === 'duplicate')
    return [`${head} skipped: the same file was delivered before (${report.reason})`];
  const lines = [
    `${head} applied: ${report.rows} rows, ${report.saved} outcomes saved${report.terms.length > 0 ? ` for ${report.terms.join(', ')}` : ''}, ${report.quarantined} quarantined`,
  ];
  if (report.quarantined > 0) lines.push(`See them with: ${hint('quarantine list --source outcomes')}`);
  return lines;
}

/**
 * `engage coursework import <file|->`: a coursework delivery (CSV: student, assessment, due, submitted,
 * mark, marked) by hand, through the same rules as every feed — fingerprinted, validated, bad rows
 * quarantined — reduced to weekly counts per student that the risk model reads (docs/coursework.md).
 */
import { ingestCoursework, type CourseworkIngestReport } from '../../../src/coursework/ingestCoursework.ts';
import { fileDelivery, withSpooledDelivery } from '../../files/fileDelivery.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { withRepositories } from '../session.ts';

export const courseworkCommand: Command = {
  usage: 'engage coursework import <file|-> [--json]',
  options: {},
  optionHelp: [],
  examples: [
    'engage coursework import ./coursework-2025-26.csv',
    'engage coursework import - --json < coursework.csv',
  ],
  async run(context) {
    const [action, path, ...extra] = context.positionals;
    if (action !== 'import')
      throw new UsageError(
        action === undefined ? 'say what to do: import' : `unknown action "${action}"; actions: import`,
      );
    if (path === undefined)
      throw new UsageError(
        'give a CSV file (student, assessment, due, submitted, mark, marked), or - for standard input',
      );
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const report = await withRepositories(context.env, (repos) =>
      path === '-'
        ? withSpooledDelivery(process.stdin, 'coursework', (delivery) => ingestCoursework(repos, delivery))
        : fileDelivery(path, 'coursework').then((delivery) => ingestCoursework(repos, delivery)),
    );
    if (context.json) context.out.json(report);
    else for (const line of describe(report)) context.out.line(line);
    return report.status === 'rejected' ? EXIT.failure : EXIT.ok;
  },
};

function describe(report: CourseworkIngestReport): string[] {
  const head = `coursework: delivery ${report.deliveryId.slice(0, 12)} (${report.name})`;
  if (report.status === 'rejected') return [`${head} rejected: ${report.reason}`];
  if (report.status === 'duplicate')
    return [`${head} skipped: the same file was delivered before (${report.reason})`];
  const lines = [
    `${head} applied: ${report.rows} rows, ${report.saved} saved as ${report.studentWeeks} student-weeks of counts, ${report.quarantined} quarantined`,
  ];
  if (report.quarantined > 0) lines.push('See them with: engage quarantine list --source coursework');
  return lines;
}

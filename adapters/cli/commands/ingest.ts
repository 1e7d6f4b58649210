/**
 * `engage ingest <source> <file|->`: runs one delivery by hand — a CSV file (gzip or not) or standard
 * input — through the same pipeline the scheduled connectors use, and reports what became of it: rows,
 * good, quarantined, students, weeks. Exit 1 when the delivery was rejected (a header without a required
 * column); a re-delivery is reported and skipped; a delivery of unusual volume is held for approval.
 */
import { ingestDelivery, type IngestOutcome } from '../../../src/ingest/ingestDelivery.ts';
import { fileDelivery, withSpooledDelivery } from '../../files/fileDelivery.ts';
import { EXIT, stringOption, UsageError, type Command } from '../command.ts';
import { engageCommandLine } from '../hint.ts';
import { withRepositories } from '../session.ts';
import { checkSourceId } from '../sourceChoice.ts';

const MODES = ['snapshot', 'increment'] as const;

export const ingestCommand: Command = {
  usage: 'engage ingest <source> <file|-> [--mode snapshot|increment] [--json]',
  options: { mode: { type: 'string' } },
  optionHelp: [
    '--mode <mode>  snapshot (default: the file holds its weeks in full and replaces them) or increment (adds)',
  ],
  examples: [
    'engage ingest vle ./moodle-2026-10-05.csv',
    'zcat swipes.csv.gz | engage ingest library - --json',
  ],
  async run(context) {
    const [sourceId, path, ...extra] = context.positionals;
    if (sourceId === undefined || path === undefined)
      throw new UsageError('give a source id and a file (or -)');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const mode = stringOption(context, 'mode') ?? 'snapshot';
    if (!(MODES as readonly string[]).includes(mode)) {
      throw new UsageError(`--mode must be snapshot or increment (got "${mode}")`);
    }
    const outcome = await withRepositories(context.env, async (repos) => {
      await checkSourceId(repos, sourceId);
      return path === '-'
        ? withSpooledDelivery(process.stdin, sourceId, (delivery) =>
            ingestDelivery(repos, { ...delivery, mode: mode as (typeof MODES)[number] }),
          )
        : fileDelivery(path, sourceId, { mode: mode as (typeof MODES)[number] }).then((delivery) =>
            ingestDelivery(repos, delivery),
          );
    });
    if (context.json) context.out.json(outcome);
    else
      for (const line of describeOutcome(outcome, (args) => engageCommandLine(context.env, args)))
        context.out.line(line);
    return outcome.status === 'rejected' ? EXIT.failure : EXIT.ok;
  },
};

/** The delivery's outcome in words; `hint` writes a command to run next as the reader can type it. */
export function describeOutcome(outcome: IngestOutcome, hint: (args: string) => string): string[] {
  const head = `${outcome.sourceId}: delivery ${outcome.deliveryId.slice(0, 12)} (${outcome.name})`;
  const weeks =
    outcome.weeks.length === 0
      ? 'no weeks'
      : `${outcome.weeks.length} week${outcome.weeks.length === 1 ? '' : 's'} (${outcome.weeks[0]}${outcome.weeks.length > 1 ? ` to ${outcome.weeks.at(-1)}` : ''})`;
  const counts = `${outcome.rows} rows, ${outcome.good} good, ${outcome.quarantined} quarantined, ${outcome.students} students, ${weeks}`;
  const lines: string[] = [];
  switch (outcome.status) {
    case 'applied':
      lines.push(`${head} applied: ${counts}`);
      break;
    case 'duplicate':
      lines.push(`${head} was delivered before (${outcome.reason ?? ''}); nothing changed`);
      break;
    case 'held':
      lines.push(`${head} HELD for approval: ${outcome.reason ?? ''}`, `  ${counts}`);
      lines.push(`  apply it with: ${hint(`sources approve ${outcome.deliveryId.slice(0, 12)}`)}`);
      break;
    case 'rejected':
      lines.push(`${head} REJECTED: ${outcome.reason ?? ''}`);
      break;
  }
  if (outcome.quarantined > 0 && outcome.status !== 'duplicate') {
    lines.push(`  quarantined rows: ${hint(`quarantine list --source ${outcome.sourceId}`)}`);
  }
  return lines;
}

/**
 * The shape shared by the whole-file feed commands (`engage outcomes|coursework|attributes import
 * <file|->`): read the action and the file (or - for standard input), run the feed's ingest on it, and
 * print the report — in JSON, or as the delivery's outcome in one line, the feed's own summary when it
 * applied, and where to see quarantined rows. A rejected delivery exits with failure.
 */
import type { Delivery } from '../../src/ingest/delivery.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import type { Store } from '../../src/store/types.ts';
import { fileDelivery, withSpooledDelivery } from '../files/fileDelivery.ts';
import { EXIT, UsageError, type CommandContext } from './command.ts';
import { engageCommandLine } from './hint.ts';
import { withRepositories } from './session.ts';

interface FileImportReport {
  deliveryId: string;
  name: string;
  status: 'applied' | 'rejected' | 'duplicate';
  quarantined: number;
  reason: string | null;
}

export interface FileImport<R extends FileImportReport> {
  /** The command's name, e.g. "outcomes". */
  noun: string;
  /** The feed's source id, which names the delivery and its quarantined rows. */
  sourceId: string;
  /** The columns the file holds, in words, for a usage error. */
  columns: string;
  ingest(repos: Repositories, store: Store, delivery: Delivery): Promise<R>;
  /** What an applied delivery did, after "applied: " (and any further lines). */
  applied(report: R, hint: (args: string) => string): string[];
}

export async function runFileImport<R extends FileImportReport>(
  context: CommandContext,
  feed: FileImport<R>,
): Promise<number> {
  const [action, path, ...extra] = context.positionals;
  if (action !== 'import')
    throw new UsageError(
      action === undefined ? 'say what to do: import' : `unknown action "${action}"; actions: import`,
    );
  if (path === undefined) throw new UsageError(`give a CSV file (${feed.columns}), or - for standard input`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const report = await withRepositories(context.env, (repos, store) => {
    const ingest = (delivery: Delivery) => feed.ingest(repos, store, delivery);
    return path === '-'
      ? withSpooledDelivery(process.stdin, feed.sourceId, ingest)
      : fileDelivery(path, feed.sourceId).then(ingest);
  });
  if (context.json) context.out.json(report);
  else {
    const hint = (args: string) => engageCommandLine(context.env, args);
    const head = `${feed.noun}: delivery ${report.deliveryId.slice(0, 12)} (${report.name})`;
    if (report.status === 'rejected') context.out.line(`${head} rejected: ${report.reason}`);
    else if (report.status === 'duplicate')
      context.out.line(`${head} skipped: the same file was delivered before (${report.reason})`);
    else {
      const [first, ...more] = feed.applied(report, hint);
      for (const line of [`${head} applied: ${first}`, ...more]) context.out.line(line);
      if (report.quarantined > 0)
        context.out.line(`See them with: ${hint(`quarantine list --source ${feed.sourceId}`)}`);
    }
  }
  return report.status === 'rejected' ? EXIT.failure : EXIT.ok;
}

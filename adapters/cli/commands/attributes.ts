/**
 * `engage attributes import <file|->`: audit-only attributes (CSV: student, term, then one column per
 * attribute, e.g. gender, disability, age_band, imd_band) for the fairness table of `engage model report`.
 * Through the same rules as every feed — fingerprinted, validated, bad rows quarantined. No model, list or
 * chat view ever reads them (docs/prediction.md, "Fairness").
 */
import {
  AUDIT_ATTRIBUTES_SOURCE_ID,
  ingestAuditAttributes,
  type AttributesIngestReport,
} from '../../../src/ingest/auditAttributeFeed.ts';
import { auditAttributeRepository } from '../../../src/repositories/auditAttributes.ts';
import { fileDelivery, withSpooledDelivery } from '../../files/fileDelivery.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { withRepositories } from '../session.ts';

export const attributesCommand: Command = {
  usage: 'engage attributes import <file|-> [--json]',
  options: {},
  optionHelp: [],
  examples: [
    'engage attributes import ./attributes-2025-26.csv',
    'engage attributes import - --json < attributes.csv',
  ],
  async run(context) {
    const [action, path, ...extra] = context.positionals;
    if (action !== 'import')
      throw new UsageError(
        action === undefined ? 'say what to do: import' : `unknown action "${action}"; actions: import`,
      );
    if (path === undefined)
      throw new UsageError(
        'give a CSV file (student, term, then one column per attribute), or - for standard input',
      );
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const report = await withRepositories(context.env, (repos, store) => {
      const ingest = (delivery: Parameters<typeof ingestAuditAttributes>[2]) =>
        ingestAuditAttributes(repos, auditAttributeRepository(store.db), delivery);
      return path === '-'
        ? withSpooledDelivery(process.stdin, AUDIT_ATTRIBUTES_SOURCE_ID, ingest)
        : fileDelivery(path, AUDIT_ATTRIBUTES_SOURCE_ID).then(ingest);
    });
    if (context.json) context.out.json(report);
    else for (const line of describe(report)) context.out.line(line);
    return report.status === 'rejected' ? EXIT.failure : EXIT.ok;
  },
};

function describe(report: AttributesIngestReport): string[] {
  const head = `attributes: delivery ${report.deliveryId.slice(0, 12)} (${report.name})`;
  if (report.status === 'rejected') return [`${head} rejected: ${report.reason}`];
  if (report.status === 'duplicate')
    return [`${head} skipped: the same file was delivered before (${report.reason})`];
  const terms = report.terms.length > 0 ? ` for ${report.terms.join(', ')}` : '';
  const lines = [
    `${head} applied: ${report.rows} rows, ${report.saved} students' ${report.attributes.join(', ')} saved${terms}, ${report.quarantined} quarantined`,
    'These are audit-only: engage model report shows the model per group; no model or view reads them.',
  ];
  if (report.quarantined > 0) lines.push('See them with: engage quarantine list --source audit-attributes');
  return lines;
}

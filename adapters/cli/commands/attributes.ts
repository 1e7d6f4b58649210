/**
 * `engage attributes import <file|->`: audit-only attributes (CSV: student, term, then one column per
 * attribute, e.g. gender, disability, age_band, imd_band) for the fairness table of `engage model report`.
 * Through the same rules as every feed — fingerprinted, validated, bad rows quarantined. No model, list or
 * chat view ever reads them (docs/prediction.md, "Fairness").
 */
import { AUDIT_ATTRIBUTES_SOURCE_ID, ingestAuditAttributes } from '../../../src/ingest/auditAttributeFeed.ts';
import { auditAttributeRepository } from '../../../src/repositories/auditAttributes.ts';
import type { Command } from '../command.ts';
import { runFileImport } from '../fileImportCommand.ts';

export const attributesCommand: Command = {
  usage: 'engage attributes import <file|-> [--json]',
  options: {},
  optionHelp: [],
  examples: [
    'engage attributes import ./attributes-2025-26.csv',
    'engage attributes import - --json < attributes.csv',
  ],
  run: (context) =>
    runFileImport(context, {
      noun: 'attributes',
      sourceId: AUDIT_ATTRIBUTES_SOURCE_ID,
      columns: 'student, term, then one column per attribute',
      ingest: (repos, store, delivery) =>
        ingestAuditAttributes(repos, auditAttributeRepository(store.db), delivery),
      applied: (report, hint) => [
        `${report.rows} rows, ${report.saved} students' ${report.attributes.join(', ')} saved${report.terms.length > 0 ? ` for ${report.terms.join(', ')}` : ''}, ${report.quarantined} quarantined`,
        `These are audit-only: ${hint('model report')} shows the model per group; no model or view reads them.`,
      ],
    }),
};

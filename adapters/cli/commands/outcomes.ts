/**
 * `engage outcomes import <file|->`: an outcomes delivery (CSV: student, term, outcome, date) by hand,
 * through the same rules as every feed — fingerprinted, validated, bad rows quarantined. The outcomes are
 * what `engage evaluate` and `engage model` measure the lists and the risk model against.
 */
import { ingestOutcomes, OUTCOMES_SOURCE_ID } from '../../../src/evaluation/ingestOutcomes.ts';
import type { Command } from '../command.ts';
import { runFileImport } from '../fileImportCommand.ts';

export const outcomesCommand: Command = {
  usage: 'engage outcomes import <file|-> [--json]',
  options: {},
  optionHelp: [],
  examples: [
    'engage outcomes import ./outcomes-2025-26.csv',
    'engage outcomes import - --json < outcomes.csv',
  ],
  run: (context) =>
    runFileImport(context, {
      noun: 'outcomes',
      sourceId: OUTCOMES_SOURCE_ID,
      columns: 'student, term, outcome, date',
      ingest: (repos, _store, delivery) => ingestOutcomes(repos, delivery),
      applied: (report) => [
        `${report.rows} rows, ${report.saved} outcomes saved${report.terms.length > 0 ? ` for ${report.terms.join(', ')}` : ''}, ${report.quarantined} quarantined`,
      ],
    }),
};

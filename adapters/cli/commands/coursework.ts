/**
 * `engage coursework import <file|->`: a coursework delivery (CSV: student, assessment, due, submitted,
 * mark, marked) by hand, through the same rules as every feed — fingerprinted, validated, bad rows
 * quarantined — reduced to weekly counts per student that the risk model reads (docs/coursework.md).
 */
import { COURSEWORK_SOURCE_ID, ingestCoursework } from '../../../src/coursework/ingestCoursework.ts';
import type { Command } from '../command.ts';
import { runFileImport } from '../fileImportCommand.ts';

export const courseworkCommand: Command = {
  usage: 'engage coursework import <file|-> [--json]',
  options: {},
  optionHelp: [],
  examples: [
    'engage coursework import ./coursework-2025-26.csv',
    'engage coursework import - --json < coursework.csv',
  ],
  run: (context) =>
    runFileImport(context, {
      noun: 'coursework',
      sourceId: COURSEWORK_SOURCE_ID,
      columns: 'student, assessment, due, submitted, mark, marked',
      ingest: (repos, _store, delivery) => ingestCoursework(repos, delivery),
      applied: (report) => [
        `${report.rows} rows, ${report.saved} saved as ${report.studentWeeks} student-weeks of counts, ${report.quarantined} quarantined`,
      ],
    }),
};

/**
 * The list of `engage` commands, in the order `engage --help` shows them: each one's name and summary, and
 * its module, loaded only when that command runs or shows its own help (so `engage --help` loads none).
 */
import type { CommandEntry } from '../command.ts';

export const COMMANDS: CommandEntry[] = [
  {
    name: 'demo',
    summary: 'Generate a synthetic institution, score every term week and print the Monday view.',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  {
    name: 'import',
    summary: 'Import a data set (OULAD) into the store and score its term weeks.',
    load: async () => (await import('./import.ts')).importCommand,
  },
  {
    name: 'ingest',
    summary: "Run one delivery of a source's feed by hand: a CSV file (or .gz), or - for standard input.",
    load: async () => (await import('./ingest.ts')).ingestCommand,
  },
  {
    name: 'outcomes',
    summary: "Import students' outcomes (withdrawn, failed, passed, interrupted) for measuring the lists.",
    load: async () => (await import('./outcomes.ts')).outcomesCommand,
  },
  {
    name: 'coursework',
    summary: 'Import coursework deadlines, submissions and marks as weekly counts for the risk model.',
    load: async () => (await import('./coursework.ts')).courseworkCommand,
  },
  {
    name: 'attributes',
    summary: 'Import audit-only attributes (e.g. gender, disability, age band) for the model fairness table.',
    load: async () => (await import('./attributes.ts')).attributesCommand,
  },
  {
    name: 'pull',
    summary: "Run a source's pull connector once by hand (landing directory, SFTP, Moodle, Canvas or Graph).",
    load: async () => (await import('./pull.ts')).pullCommand,
  },
  {
    name: 'sources',
    summary:
      'Show sources with data quality and freshness; configure, enable, disable; approve held deliveries.',
    load: async () => (await import('./sources.ts')).sourcesCommand,
  },
  {
    name: 'quarantine',
    summary: 'List, show or retry the rows deliveries quarantined (unknown students, bad values).',
    load: async () => (await import('./quarantine.ts')).quarantineCommand,
  },
  {
    name: 'students',
    summary: 'List the students on one list (declining, priority, ...) for a scored week, with filters.',
    load: async () => (await import('./students.ts')).studentsCommand,
  },
  {
    name: 'student',
    summary: "Show one student's trend, why they are flagged, their case and contacts (audited).",
    load: async () => (await import('./student.ts')).studentCommand,
  },
  {
    name: 'score',
    summary: 'Compute and store weekly engagement scores (default: the latest term week that has ended).',
    load: async () => (await import('./score.ts')).scoreCommand,
  },
  {
    name: 'evaluate',
    summary: 'Measure the score and every list against recorded outcomes, term week by term week.',
    load: async () => (await import('./evaluate.ts')).evaluateCommand,
  },
  {
    name: 'model',
    summary: 'Train, list, switch and report the predictive risk model; switch the AI layer off or on.',
    load: async () => (await import('./model.ts')).modelCommand,
  },
  {
    name: 'rules',
    summary: 'List, preview, add, enable and disable alert rules (changes are recorded with who and why).',
    load: async () => (await import('./rules.ts')).rulesCommand,
  },
  {
    name: 'cases',
    summary:
      'Support cases and contacts: list, show, open, note, close, log a contact, Engage + No Case, outcomes.',
    load: async () => (await import('./cases.ts')).casesCommand,
  },
  {
    name: 'channels',
    summary: 'The chat channels linked to a group, and how many students a list of each digest shows.',
    load: async () => (await import('./channels.ts')).channelsCommand,
  },
  {
    name: 'exemptions',
    summary:
      'List the "known reason" exemptions set from chat (current, or with --ended every one); end one early.',
    load: async () => (await import('./exemptions.ts')).exemptionsCommand,
  },
  {
    name: 'student-view',
    summary:
      'What students see of themselves in chat: switch it on or off, show the score, the contact line.',
    load: async () => (await import('./studentView.ts')).studentViewCommand,
  },
  {
    name: 'governance',
    summary: 'For the DPO: the governance summary, subject-access export, erasure and the retention purge.',
    load: async () => (await import('./governance.ts')).governanceCommand,
  },
  {
    name: 'audit',
    summary: 'Who looked at which student, when and where: by student or by staff member.',
    load: async () => (await import('./audit.ts')).auditCommand,
  },
  {
    name: 'serve',
    summary: 'Run the Engage service: its HTTP endpoints and the weekly job schedule.',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
];

/**
 * `engage governance summary|export|erase|purge|erasures`: the data protection officer's commands. `summary`
 * prints the managers' governance summary (aggregates only; its band chart as a PNG with --chart). `export` writes
 * everything held about one student as JSON (to --out, or standard output) with a short summary; `erase`
 * removes it from every collection and from the embedded store's files, keeping evidence without personal
 * data; `purge` applies the retention periods (`--dry-run` counts what would go); `erasures` lists the
 * evidence records. Exports are audited like any look at a named student.
 */
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { retentionPeriods, RETENTION_SETTINGS, type RetentionKind } from '../../../src/config/retention.ts';
import { eraseStudent, ErasureRefused } from '../../../src/governance/erasure.ts';
import { runPurge } from '../../../src/governance/retention.ts';
import { exportStudent, exportSummary } from '../../../src/governance/subjectAccess.ts';
import type { PurgeReport } from '../../../src/repositories/governance.ts';
import { studentRecordRepository } from '../../../src/repositories/studentRecords.ts';
import { JOB_STUDENT_DATA } from '../../../jobs/collection.ts';
import { compactEmbedded, settleErasureOnDisk } from '../../store/erasureOnDisk.ts';
import { EXIT, InputError, stringOption, UsageError, type Command, type CommandContext } from '../command.ts';
import { formatTable } from '../output.ts';
import { withRepositories } from '../session.ts';
import { fileChartLinker } from '../fileCharts.ts';
import { engageCommandLine } from '../hint.ts';
import { createCore } from '../../../src/chat/core.ts';
import { governanceSummaryFor } from '../../../src/chat/handlers/digests.ts';
import type { ChartLinker } from '../../../src/chat/ports.ts';

const SUBCOMMANDS = ['summary', 'export', 'erase', 'purge', 'erasures'] as const;

const cliActor = () => `cli:${userInfo().username}`;

function studentArgument(context: CommandContext, subcommand: string): string {
  const id = context.positionals[1]?.trim();
  if (!id) throw new UsageError(`give the student id: engage governance ${subcommand} <student id>`);
  if (context.positionals.length > 2)
    throw new UsageError(`give one student id (got ${context.positionals.length - 1})`);
  return id;
}

async function exportCommand(context: CommandContext): Promise<number> {
  const studentId = studentArgument(context, 'export');
  const out = stringOption(context, 'out');
  const data = await withRepositories(context.env, (repos, store) =>
    exportStudent(
      { ...repos, studentRecords: studentRecordRepository(store.db, [JOB_STUDENT_DATA]) },
      studentId,
      { actor: cliActor(), where: 'cli' },
      context.now(),
    ),
  );
  if (data === null) {
    context.out.error(`Nothing is held under the student id "${studentId}".`);
    return EXIT.failure;
  }
  if (out === undefined) {
    // Standard output is the JSON itself (for a pipe); the summary goes to standard error.
    context.out.json(data);
    for (const line of exportSummary(data)) context.out.error(line);
    return EXIT.ok;
  }
  await writeFile(out, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 }).catch((error: Error) => {
    throw new InputError(`--out ${out}: ${error.message}`);
  });
  if (context.json) context.out.json({ written: out, studentId });
  else {
    for (const line of exportSummary(data)) context.out.line(line);
    context.out.line(`Written to ${out} (everything above, in full, as JSON).`);
  }
  return EXIT.ok;
}

async function eraseCommand(context: CommandContext): Promise<number> {
  const studentId = studentArgument(context, 'erase');
  const why = stringOption(context, 'why');
  if (why === undefined) throw new UsageError('--why "<reason>" is required: the evidence record says why');
  try {
    const { evidence, settled } = await withRepositories(context.env, async (repos, store) => {
      const erasure = await eraseStudent(
        { ...repos, studentRecords: studentRecordRepository(store.db, [JOB_STUDENT_DATA]) },
        studentId,
        { by: cliActor(), why, now: context.now() },
      );
      return { evidence: erasure.evidence, settled: await settleErasureOnDisk(store, erasure.marks) };
    });
    if (context.json) {
      context.out.json({ ...evidence, ...settled });
      return EXIT.ok;
    }
    context.out.line(`Erased ${evidence.total} records of ${studentId} (evidence ${evidence.id}):`);
    for (const line of formatTable(
      Object.entries(evidence.counts).map(([name, n]) => [`  ${name}`, String(n)]),
    ))
      context.out.line(line);
    context.out.line(
      settled.compacted
        ? 'The store was compacted: no snapshot or journal file keeps them.'
        : 'MongoDB: deleted from the database; its data files, oplog and backups drop them as they are reused or rotate (docs/governance.md).',
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ErasureRefused) throw new InputError(error.message);
    throw error;
  }
}

function printPurge(context: CommandContext, report: PurgeReport): void {
  if (context.json) {
    context.out.json(report);
    return;
  }
  context.out.line(
    report.dryRun
      ? `Dry run: ${report.total} records are past their retention period (nothing deleted).`
      : `Purged ${report.total} records past their retention period.`,
  );
  const rows = [['kind', 'kept for', 'cut-off', 'collection', report.dryRun ? 'would go' : 'removed']];
  for (const kind of report.kinds) {
    const label = RETENTION_SETTINGS[kind.kind as RetentionKind].label;
    const cutoff = `${kind.cutoff.toISOString().slice(0, 10)} (${kind.cutoffWeek})`;
    Object.entries(kind.removed).forEach(([collection, n], i) =>
      rows.push(
        i === 0 ? [label, kind.period, cutoff, collection, String(n)] : ['', '', '', collection, String(n)],
      ),
    );
  }
  for (const line of formatTable(rows)) context.out.line(`  ${line}`);
  if (report.dryRun) context.out.line(`Next: ${engageCommandLine(context.env, 'governance purge')}`);
}

async function purgeCommand(context: CommandContext): Promise<number> {
  const dryRun = context.values['dry-run'] === true;
  const report = await withRepositories(context.env, async (repos, store) => {
    const result = await runPurge(repos, retentionPeriods(context.env), {
      now: context.now(),
      by: cliActor(),
      dryRun,
    });
    if (!dryRun) await compactEmbedded(store);
    return result;
  });
  printPurge(context, report);
  return EXIT.ok;
}

async function summaryCommand(context: CommandContext): Promise<number> {
  const chartFile = stringOption(context, 'chart');
  const view = await withRepositories(context.env, (repos) => {
    const charts = chartFile === undefined ? noCharts : fileChartLinker(chartFile);
    return governanceSummaryFor(createCore(repos, charts, { timeZone: context.env.TIMEZONE }), context.now());
  });
  if (view.kind !== 'governance') {
    context.out.error('No week has been scored yet: nothing to summarise.');
    return EXIT.failure;
  }
  if (context.json) {
    context.out.json(view);
    return EXIT.ok;
  }
  context.out.line(`${view.title} (${view.week})`);
  for (const line of formatTable(view.figures.map((figure) => [`  ${figure.label}`, figure.value])))
    context.out.line(line);
  if (view.chart) context.out.line(`Chart: ${view.chart.url.replace(/^file:\/\//, '')} (${view.chart.alt})`);
  else if (chartFile === undefined)
    context.out.line('Add --chart <file.png> for the band chart as an image.');
  return EXIT.ok;
}

/** No chart links from the command line unless --chart names a file. */
const noCharts: ChartLinker = {
  bands: async () => {
    throw new Error('no chart wanted');
  },
  trend: async () => {
    throw new Error('no chart wanted');
  },
  calibration: async () => {
    throw new Error('no chart wanted');
  },
};

async function erasuresCommand(context: CommandContext): Promise<number> {
  const evidence = await withRepositories(context.env, (repos) => repos.governance.erasures());
  if (context.json) context.out.json(evidence);
  else if (evidence.length === 0) context.out.line('No erasures recorded.');
  else
    for (const line of formatTable([
      ['when', 'by', 'records', 'why'],
      ...evidence.map((e) => [
        e.at.toISOString().slice(0, 16).replace('T', ' '),
        e.by,
        String(e.total),
        e.why,
      ]),
    ]))
      context.out.line(line);
  return EXIT.ok;
}

export const governanceCommand: Command = {
  usage: `engage governance <${SUBCOMMANDS.join('|')}> [options] [--json]`,
  options: {
    out: { type: 'string' },
    why: { type: 'string' },
    'dry-run': { type: 'boolean' },
    chart: { type: 'string' },
  },
  optionHelp: [
    "summary [--chart <file.png>]         the managers' governance summary (aggregates only), its chart as a PNG",
    'export <student id> [--out <file>]   everything held about the student as JSON (to the file, or stdout)',
    'erase <student id> --why "<reason>"  erase the student everywhere, keeping evidence without personal data',
    'purge [--dry-run]                    delete what is past its retention period (RETENTION_* settings)',
    'erasures                             the erasure evidence records, newest first',
  ],
  examples: [
    'engage governance summary --chart bands.png',
    'engage governance export S0000123 --out S0000123.json',
    'engage governance erase S0000123 --why "Erasure request received 2 March"',
    'engage governance purge --dry-run',
  ],
  async run(context) {
    const subcommand = context.positionals[0];
    switch (subcommand) {
      case 'summary':
        return summaryCommand(context);
      case 'export':
        return exportCommand(context);
      case 'erase':
        return eraseCommand(context);
      case 'purge':
        return purgeCommand(context);
      case 'erasures':
        return erasuresCommand(context);
      default:
        throw new UsageError(
          subcommand === undefined
            ? `give a subcommand: ${SUBCOMMANDS.join(', ')}`
            : `unknown subcommand "${subcommand}"; use one of ${SUBCOMMANDS.join(', ')}`,
        );
    }
  },
};

/**
 * `engage audit --student <id> | --staff <email> [--since <date>]`: who looked at whom, when and where,
 * newest first (src/governance/auditTrail.ts). Reading a student's trail is itself audited.
 */
import { userInfo } from 'node:os';
import { auditTrail, UnknownStaff, type AuditQuery } from '../../../src/governance/auditTrail.ts';
import { EXIT, InputError, stringOption, UsageError, type Command, type CommandContext } from '../command.ts';
import { formatTable, neutralise } from '../output.ts';
import { withRepositories } from '../session.ts';

function sinceOption(context: CommandContext): Date | undefined {
  const raw = stringOption(context, 'since');
  if (raw === undefined) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/.test(raw) ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--since must be a date such as 2026-09-01 (got "${raw}")`);
  return date;
}

function queryOf(context: CommandContext): AuditQuery {
  const student = stringOption(context, 'student');
  const staff = stringOption(context, 'staff');
  const since = sinceOption(context);
  if ((student === undefined) === (staff === undefined))
    throw new UsageError('give one of --student <id> or --staff <email>');
  return student !== undefined ? { student, since } : { staff: staff as string, since };
}

export const auditCommand: Command = {
  usage: 'engage audit --student <id> | --staff <email> [--since <date>] [--json]',
  options: { student: { type: 'string' }, staff: { type: 'string' }, since: { type: 'string' } },
  optionHelp: [
    '--student <id>     every look at this student: who, when, what and where',
    '--staff <email>    every student this staff member looked at (or a staff id, or cli:<os user>)',
    '--since <date>     only from this date (YYYY-MM-DD)',
  ],
  examples: [
    'engage audit --student S0000123',
    'engage audit --staff j.smith@example.ac.uk --since 2026-09-01',
  ],
  async run(context) {
    const query = queryOf(context);
    const rows = await withRepositories(context.env, (repos) =>
      auditTrail(repos, query, { actor: `cli:${userInfo().username}`, where: 'cli' }, context.now()),
    ).catch((error: unknown) => {
      if (error instanceof UnknownStaff) throw new InputError(`--staff: ${error.message}`);
      throw error;
    });
    if (context.json) {
      context.out.json(rows);
      return EXIT.ok;
    }
    if (rows.length === 0) {
      context.out.line('No views recorded.');
      return EXIT.ok;
    }
    const table = [['when', 'who', 'student', 'what', 'where']];
    for (const row of rows) {
      const who = row.actorName === null ? row.actor : `${row.actorName} (${row.actor})`;
      table.push([
        row.at.toISOString().slice(0, 16).replace('T', ' '),
        who,
        row.studentId,
        row.action,
        row.where,
      ]);
    }
    for (const line of formatTable(table)) context.out.line(neutralise(line));
    context.out.line(`${rows.length} ${rows.length === 1 ? 'view' : 'views'}.`);
    return EXIT.ok;
  },
};

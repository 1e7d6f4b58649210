/**
 * `engage cases`: support cases and contacts from the command line (docs/rules.md) — the same services the chat
 * buttons call; the lists say who is contacting each student ("claimed by"). list, show (audited), open (or append to the active case), note, status, close, contact,
 * the "Engage + No Case" list, and the recovery outcomes after interventions (aggregate only).
 */
import { userInfo } from 'node:os';
import {
  addCaseNote,
  caseById,
  changeCaseStatus,
  closeCase,
  openOrAppendCase,
} from '../../../src/cases/caseService.ts';
import { logContact } from '../../../src/cases/contactService.ts';
import { engageNoCaseList } from '../../../src/cases/engageNoCase.ts';
import { CaseServiceError } from '../../../src/cases/errors.ts';
import { interventionOutcomes } from '../../../src/cases/outcomes.ts';
import type { RecoverySummary } from '../../../src/cases/recovery.ts';
import { CONTACT_CHANNELS, type ContactChannel } from '../../../src/domain/model.ts';
import { CASE_STATUSES, type CaseStatus, type SupportCase } from '../../../src/repositories/cases.ts';
import {
  EXIT,
  integerOption,
  stringOption,
  UsageError,
  type Command,
  type CommandContext,
} from '../command.ts';
import { formatTable } from '../output.ts';
import { claimedByJson, claimedByText, claimsOf } from '../render/claimedBy.ts';
import { studentTable } from '../render/studentRows.ts';
import { withRepositories } from '../session.ts';

const SUBCOMMANDS = [
  'list',
  'show',
  'open',
  'note',
  'status',
  'close',
  'contact',
  'no-case',
  'outcomes',
] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];
const DAY_MS = 86_400_000;

const day = (date: Date) => date.toISOString().slice(0, 10);

function required(context: CommandContext, name: string): string {
  const value = stringOption(context, name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function positional(context: CommandContext, what: string): string {
  const value = context.positionals[1];
  if (value === undefined)
    throw new UsageError(`give the ${what}: engage cases ${context.positionals[0]} <${what}>`);
  return value;
}

function caseLines(supportCase: SupportCase): string[] {
  return [
    `Case ${supportCase.id} — student ${supportCase.studentId}, owner ${supportCase.ownerId}, ${supportCase.status}`,
    `Opened ${day(supportCase.openedAt)}: ${supportCase.reason}`,
    ...(supportCase.outcome
      ? [`Outcome (${day(supportCase.closedAt ?? supportCase.openedAt)}): ${supportCase.outcome}`]
      : []),
    '',
    ...formatTable([
      ['when', 'what', 'by', ''],
      ...supportCase.timeline.map((entry) => [
        entry.at.toISOString().slice(0, 16),
        entry.kind,
        entry.by,
        entry.text,
      ]),
    ]).map((line) => `  ${line}`),
  ];
}

function summaryRow(label: string, s: RecoverySummary): string[] {
  return [
    label,
    `${s.interventions}`,
    `${s.measured}`,
    `${s.recovered}`,
    `${s.unchanged}`,
    `${s.declined}`,
    `${s.pending}`,
    s.recoveredShare === null ? '—' : `${Math.round(s.recoveredShare * 100)}%`,
    s.medianChange === null ? '—' : `${s.medianChange > 0 ? '+' : ''}${s.medianChange}`,
  ];
}

export const casesCommand: Command = {
  usage: `engage cases <${SUBCOMMANDS.join('|')}> [<case-id|student-id>] [options] [--json]`,
  options: {
    status: { type: 'string' },
    owner: { type: 'string' },
    student: { type: 'string' },
    reason: { type: 'string' },
    note: { type: 'string' },
    to: { type: 'string' },
    outcome: { type: 'string' },
    channel: { type: 'string' },
    date: { type: 'string' },
    as: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
  },
  optionHelp: [
    'list [--status s] [--owner id] [--student id]   cases, newest first',
    'show <case-id>                     the case and its timeline (the look is audited)',
    'open <student-id> --reason <text>  open a case, or add the reason to the active one',
    'note <case-id> --note <text>       add a note to the timeline',
    'status <case-id> --to <open|monitoring> [--note <text>]',
    'close <case-id> --outcome <text>   close with what came of it',
    'contact <student-id> --channel <meeting|call|email|message> [--note <text>] [--date YYYY-MM-DD]',
    'no-case                            declining students with no open case (Engage + No Case)',
    'outcomes [--since YYYY-MM-DD]      score recovery 4–6 weeks after cases and contacts (default: last 180 days)',
    '--as <staff-id>                    who is acting (default cli:<os user>)',
  ],
  examples: [
    'engage cases list --status open',
    'engage cases open S0000042 --reason "Missed three weeks of seminars" --as STF0003',
    'engage cases contact S0000042 --channel call --note "Arranged a meeting"',
    'engage cases outcomes --since 2026-09-01',
  ],
  async run(context) {
    const sub = context.positionals[0] as Subcommand;
    if (!SUBCOMMANDS.includes(sub)) throw new UsageError(`say what to do: ${SUBCOMMANDS.join(', ')}`);
    const now = new Date();
    const acting = { now, actorStaffId: stringOption(context, 'as') ?? `cli:${userInfo().username}` };
    const print = (value: unknown, lines: () => string[]) => {
      if (context.json) context.out.json(value);
      else for (const line of lines()) context.out.line(line);
    };
    try {
      await withRepositories(context.env, async (repos) => {
        switch (sub) {
          case 'list': {
            const status = stringOption(context, 'status');
            if (status !== undefined && !CASE_STATUSES.includes(status as CaseStatus)) {
              throw new UsageError(`--status must be one of ${CASE_STATUSES.join(', ')}`);
            }
            const owner = stringOption(context, 'owner');
            const student = stringOption(context, 'student');
            const limit = integerOption(context, 'limit', { min: 1, max: 100_000 }) ?? 200;
            const cases = await repos.cases.listCases(
              {
                ...(status ? { status: status as CaseStatus } : {}),
                ...(owner ? { ownerId: owner } : {}),
                ...(student ? { studentId: student } : {}),
              },
              limit,
            );
            const claims = await claimsOf(
              repos,
              cases.map((c) => c.studentId),
              now,
            );
            const listed = cases.map((c) => ({ ...c, claimedBy: claimedByJson(claims.get(c.studentId)) }));
            print(listed, () =>
              cases.length === 0
                ? ['No cases.']
                : formatTable([
                    ['case', 'student', 'owner', 'status', 'opened', 'entries', 'claimed by', 'reason'],
                    ...cases.map((c) => [
                      c.id,
                      c.studentId,
                      c.ownerId,
                      c.status,
                      day(c.openedAt),
                      `${c.timeline.length}`,
                      claimedByText(claims.get(c.studentId)),
                      c.reason,
                    ]),
                  ]),
            );
            return;
          }
          case 'show': {
            const found = await caseById(repos, positional(context, 'case-id'), { ...acting, where: 'cli' });
            print(found, () => caseLines(found));
            return;
          }
          case 'open': {
            const result = await openOrAppendCase(
              repos,
              { studentId: positional(context, 'student-id'), reason: required(context, 'reason') },
              acting,
            );
            print(result, () => [
              result.created
                ? `Opened case ${result.case.id}.`
                : `The student already has case ${result.case.id}: added to its timeline.`,
            ]);
            return;
          }
          case 'note': {
            const noted = await addCaseNote(
              repos,
              { caseId: positional(context, 'case-id'), note: required(context, 'note') },
              acting,
            );
            print(noted, () => [`Note added to case ${noted.id}.`]);
            return;
          }
          case 'status': {
            const to = required(context, 'to');
            if (to !== 'open' && to !== 'monitoring')
              throw new UsageError('--to must be open or monitoring (use "close" to close)');
            const note = stringOption(context, 'note');
            const changed = await changeCaseStatus(
              repos,
              { caseId: positional(context, 'case-id'), status: to, ...(note ? { note } : {}) },
              acting,
            );
            print(changed, () => [`Case ${changed.id} is now ${changed.status}.`]);
            return;
          }
          case 'close': {
            const closed = await closeCase(
              repos,
              { caseId: positional(context, 'case-id'), outcome: required(context, 'outcome') },
              acting,
            );
            print(closed, () => [`Case ${closed.id} closed: ${closed.outcome ?? ''}`]);
            return;
          }
          case 'contact': {
            const channel = required(context, 'channel');
            if (!CONTACT_CHANNELS.includes(channel as ContactChannel)) {
              throw new UsageError(`--channel must be one of ${CONTACT_CHANNELS.join(', ')}`);
            }
            const date = stringOption(context, 'date');
            if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
              throw new UsageError('--date must be YYYY-MM-DD');
            const note = stringOption(context, 'note');
            const logged = await logContact(
              repos,
              {
                studentId: positional(context, 'student-id'),
                channel: channel as ContactChannel,
                ...(note ? { note } : {}),
                ...(date ? { at: new Date(`${date}T12:00:00Z`) } : {}),
              },
              acting,
            );
            print(logged, () => [
              `Contact logged${logged.caseId ? ` and added to case ${logged.caseId}` : ''}.`,
            ]);
            return;
          }
          case 'no-case': {
            const list = await engageNoCaseList(repos, { now });
            const claims = await claimsOf(
              repos,
              list.rows.map((row) => row.studentId),
              now,
            );
            const rows = list.rows.map((row) => ({
              ...row,
              claimedBy: claimedByJson(claims.get(row.studentId)),
            }));
            print({ ...list, rows }, () => [
              `Engage + No Case (declining with no open support case) — ${list.week}: ${list.total} students`,
              ...(list.rows.length > 0 ? studentTable(list.rows, claims) : []),
            ]);
            return;
          }
          case 'outcomes': {
            const since = stringOption(context, 'since');
            if (since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(since))
              throw new UsageError('--since must be YYYY-MM-DD');
            const from = since ? new Date(`${since}T00:00:00Z`) : new Date(now.getTime() - 180 * DAY_MS);
            const report = await interventionOutcomes(repos, { now, since: from });
            print({ since: day(from), ...report }, () => [
              `Score recovery 4–6 weeks after an intervention, since ${day(from)} (recovered: +50 points or more)`,
              ...formatTable([
                [
                  'after',
                  'interventions',
                  'measured',
                  'recovered',
                  'unchanged',
                  'declined',
                  'pending',
                  'recovered %',
                  'median change',
                ],
                summaryRow('case opened', report.cases),
                summaryRow('first contact', report.contacts),
              ]),
            ]);
            return;
          }
        }
      });
      return EXIT.ok;
    } catch (error) {
      if (error instanceof CaseServiceError) {
        context.out.error(`engage cases ${sub}: ${error.message}`);
        return EXIT.failure;
      }
      throw error;
    }
  },
};

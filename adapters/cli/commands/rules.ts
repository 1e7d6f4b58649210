/**
 * `engage rules list|preview|add|enable|disable|history|outbox`: administering alert rules (docs/rules.md). A rule
 * comes from a JSON or YAML file (--file) or from flags; `preview` prints how many students — and which —
 * it would fire for on the latest scored week, before anything is saved; `add` previews, then saves. Every
 * change needs --why and is recorded with who and when. `outbox` shows the tutor notifications the rules
 * raised that are still waiting to be posted.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { isIsoWeek } from '../../../src/domain/isoWeek.ts';
import { addRule, previewRuleNow, replaceRule, setRuleEnabled } from '../../../src/rules/admin.ts';
import { describeAction, describeCondition, describeScope } from '../../../src/rules/describe.ts';
import { RuleValidationError } from '../../../src/rules/schema.ts';
import {
  EXIT,
  InputError,
  integerOption,
  stringOption,
  UsageError,
  type Command,
  type CommandContext,
} from '../command.ts';
import { inputFileError } from '../inputFiles.ts';
import { formatTable } from '../output.ts';
import { withRepositories } from '../session.ts';

const SUBCOMMANDS = ['list', 'preview', 'add', 'enable', 'disable', 'history', 'outbox'] as const;
const DEFAULT_PREVIEW_ROWS = 50;

const numberFlag = (context: CommandContext, name: string): number | undefined => {
  const raw = stringOption(context, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number (got "${raw}")`);
  return value;
};
const listFlag = (context: CommandContext, name: string) =>
  stringOption(context, name)
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** The rule as given: a file's contents, or one built from flags (validated later by the schema). */
async function ruleInput(context: CommandContext, saving: boolean): Promise<unknown> {
  const file = stringOption(context, 'file');
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch((error: Error) => {
      throw new InputError(`--file ${inputFileError(error) ?? `${file}: ${error.message}`}`);
    });
    try {
      return /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
    } catch (error) {
      throw new InputError(
        `--file ${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }
  const trigger = stringOption(context, 'trigger');
  if (trigger === undefined)
    throw new UsageError('give the rule with --file <rule.json|rule.yaml> or with --trigger and flags');
  const id = stringOption(context, 'id');
  if (saving && id === undefined)
    throw new UsageError('--id <rule-id> is required to save a rule given by flags');
  const years = listFlag(context, 'year')?.map(Number);
  const conditions = {
    attendanceBelowPct: numberFlag(context, 'attendance-below'),
    noContactForDays: numberFlag(context, 'no-contact-days'),
    noOpenCase: context.values['no-open-case'] === true ? true : undefined,
  };
  const scope = {
    facultyIds: listFlag(context, 'faculty'),
    programmeIds: listFlag(context, 'programme'),
    yearsOfStudy: years,
    cohorts: listFlag(context, 'cohort'),
  };
  const defined = (record: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
  return {
    id: id ?? 'preview',
    name: stringOption(context, 'name') ?? id ?? 'preview',
    trigger: defined({
      kind: trigger,
      threshold: numberFlag(context, 'threshold'),
      weeks: numberFlag(context, 'weeks'),
      points: numberFlag(context, 'points'),
    }),
    conditions: defined(conditions),
    scope: defined(scope),
    actions: (listFlag(context, 'actions') ?? ['notify-tutor']).map((kind) => ({ kind })),
  };
}

function changeMeta(context: CommandContext) {
  const why = stringOption(context, 'why');
  if (why === undefined || why.trim() === '')
    throw new UsageError('--why "<reason>" is required for a change');
  return { at: new Date(), by: stringOption(context, 'by') ?? `cli:${userInfo().username}`, why };
}

function oneRuleId(context: CommandContext): string {
  const id = context.positionals[1];
  if (id === undefined)
    throw new UsageError(`give the rule id: engage rules ${context.positionals[0]} <rule-id>`);
  return id;
}

export const rulesCommand: Command = {
  usage: `engage rules <${SUBCOMMANDS.join('|')}> [<rule-id>] [--file <rule.json|yaml> | rule flags] [--why <reason>] [--json]`,
  options: {
    file: { type: 'string' },
    id: { type: 'string' },
    name: { type: 'string' },
    trigger: { type: 'string' },
    threshold: { type: 'string' },
    weeks: { type: 'string' },
    points: { type: 'string' },
    'attendance-below': { type: 'string' },
    'no-contact-days': { type: 'string' },
    'no-open-case': { type: 'boolean' },
    faculty: { type: 'string' },
    programme: { type: 'string' },
    year: { type: 'string' },
    cohort: { type: 'string' },
    actions: { type: 'string' },
    replace: { type: 'boolean', default: false },
    why: { type: 'string' },
    by: { type: 'string' },
    week: { type: 'string' },
    limit: { type: 'string' },
  },
  optionHelp: [
    'list                     the rules, enabled or not, with their version',
    'preview [<rule-id>]      who a stored rule, or the rule given by --file/flags, would fire for now',
    'add                      preview, then save the rule given by --file or flags (--replace: a new version)',
    'enable|disable <rule-id> switch a rule on or off',
    'history [<rule-id>]      the recorded changes: who, when, why, what',
    'outbox                   tutor notifications raised by the rules and not yet posted to chat',
    '--file <path>            the rule as JSON or YAML (fields: id, name, trigger, conditions, scope, actions)',
    '--trigger <kind>         below | belowForWeeks | dropInWeek | lowEngagementForWeeks',
    "--threshold <n> --weeks <n> --points <n>   the trigger's numbers",
    '--attendance-below <pct> --no-contact-days <d> --no-open-case   compound conditions',
    '--faculty/--programme/--year/--cohort <a,b>  scope',
    '--actions <a,b>          notify-tutor, email-student, create-case (default notify-tutor)',
    "--id <id> --name <text>  the rule's id and name (for add)",
    '--why <reason>           why the change is made (required for add, enable, disable)',
    '--week <YYYY-Www>        preview against this scored week (default: the latest)',
    '--limit <n>              preview or outbox rows to print (default 50)',
  ],
  examples: [
    'engage rules list',
    'engage rules outbox',
    'engage rules preview below-300-two-weeks',
    'engage rules preview --trigger below --threshold 300 --attendance-below 75',
    'engage rules add --file rules/welfare.yaml --why "welfare referral agreed at SSC"',
    'engage rules disable below-300-two-weeks --why "replaced by the faculty rules"',
  ],
  async run(context) {
    const sub = context.positionals[0];
    if (!SUBCOMMANDS.includes(sub as (typeof SUBCOMMANDS)[number])) {
      throw new UsageError(`say what to do: ${SUBCOMMANDS.join(', ')}`);
    }
    const week = stringOption(context, 'week');
    if (week !== undefined && !isIsoWeek(week))
      throw new UsageError(`--week must be an ISO week such as 2026-W40 (got "${week}")`);
    const limit = integerOption(context, 'limit', { min: 1, max: 1_000_000 }) ?? DEFAULT_PREVIEW_ROWS;
    try {
      return await withRepositories(context.env, async (repos) => {
        const now = new Date();
        const previewAndPrint = async (input: unknown) => {
          const preview = await previewRuleNow(repos, input, { now, ...(week ? { week } : {}) });
          if (context.json && sub === 'preview') {
            context.out.json(preview);
            return preview;
          }
          context.out.line(
            `Rule ${preview.rule.id}: ${describeCondition(preview.rule)} (${describeScope(preview.rule)})`,
          );
          context.out.line(
            `Would fire now for ${preview.count} student${preview.count === 1 ? '' : 's'} (week ${preview.week}).`,
          );
          const rows = preview.students.slice(0, limit);
          if (rows.length > 0) {
            for (const line of formatTable([
              ['id', 'programme', 'yr', 'week', 'score', 'why'],
              ...rows.map((hit) => [
                hit.student.id,
                hit.student.programmeId,
                `${hit.student.yearOfStudy}`,
                hit.week ?? '',
                `${hit.score ?? ''}`,
                hit.reason,
              ]),
            ]))
              context.out.line(`  ${line}`);
          }
          if (preview.count > rows.length) context.out.line(`  … and ${preview.count - rows.length} more`);
          return preview;
        };

        switch (sub) {
          case 'list': {
            const rules = await repos.rules.list();
            if (context.json) context.out.json(rules);
            else
              for (const line of formatTable([
                ['id', 'on', 'v', 'when', 'scope', 'then'],
                ...rules.map(({ rule, version }) => [
                  rule.id,
                  rule.enabled ? 'yes' : 'no',
                  `${version}`,
                  describeCondition(rule),
                  describeScope(rule),
                  rule.actions.map(describeAction).join(', '),
                ]),
              ]))
                context.out.line(line);
            return EXIT.ok;
          }
          case 'preview': {
            const id = context.positionals[1];
            let input: unknown;
            if (id !== undefined) {
              const stored = await repos.rules.find(id);
              if (!stored) throw new UsageError(`no rule with id "${id}" (see: engage rules list)`);
              input = stored.rule;
            } else input = await ruleInput(context, false);
            await previewAndPrint(input);
            return EXIT.ok;
          }
          case 'add': {
            const meta = changeMeta(context);
            const input = await ruleInput(context, true);
            await previewAndPrint(input);
            const change = context.values.replace
              ? await replaceRule(repos, input, meta)
              : await addRule(repos, input, meta);
            if (context.json) context.out.json(change);
            else
              context.out.line(`Saved rule ${change.ruleId} as version ${change.version} (${change.kind}).`);
            return EXIT.ok;
          }
          case 'enable':
          case 'disable': {
            const change = await setRuleEnabled(
              repos,
              oneRuleId(context),
              sub === 'enable',
              changeMeta(context),
            );
            if (context.json) context.out.json(change);
            else context.out.line(`Rule ${change.ruleId} ${sub}d (version ${change.version}).`);
            return EXIT.ok;
          }
          case 'outbox': {
            const waiting = await repos.notifications.countPending();
            const rows = await repos.notifications.pending(limit);
            if (context.json) {
              context.out.json({ waiting, notifications: rows });
              return EXIT.ok;
            }
            context.out.line(
              waiting === 0
                ? 'The outbox is empty: every tutor notification has been posted.'
                : `${waiting} tutor notification${waiting === 1 ? '' : 's'} waiting to be posted to chat ` +
                    "(engage serve posts them to the tutors' linked channels):",
            );
            if (rows.length > 0)
              for (const line of formatTable([
                ['queued', 'week', 'rule', 'kind', 'student', 'for', 'why'],
                ...rows.map((n) => [
                  n.createdAt.toISOString().slice(0, 16),
                  n.week,
                  n.ruleId,
                  n.kind,
                  n.studentId,
                  n.recipientId,
                  n.reason,
                ]),
              ]))
                context.out.line(`  ${line}`);
            if (waiting > rows.length) context.out.line(`  … and ${waiting - rows.length} more (--limit)`);
            return EXIT.ok;
          }
          default: {
            const changes = await repos.rules.history(context.positionals[1]);
            if (context.json) context.out.json(changes);
            else if (changes.length === 0)
              context.out.line('No rule changes recorded: the shipped rules are in force.');
            else
              for (const line of formatTable([
                ['when', 'rule', 'change', 'v', 'by', 'why'],
                ...changes.map((c) => [
                  c.at.toISOString().slice(0, 16),
                  c.ruleId,
                  c.kind,
                  `${c.version}`,
                  c.by,
                  c.why,
                ]),
              ]))
                context.out.line(line);
            return EXIT.ok;
          }
        }
      });
    } catch (error) {
      if (error instanceof RuleValidationError) {
        const file = stringOption(context, 'file');
        throw new InputError(
          `${file === undefined ? 'the rule' : `--file ${file}`} is not valid: ${error.problems.join('; ')}`,
        );
      }
      throw error;
    }
  },
};

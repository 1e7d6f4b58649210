/**
 * `engage student-view`: what students see of themselves in chat (docs/students.md). `show` (the default)
 * prints the settings, `history` their changes; `on`, `off`, `score on`, `score off` and `contact "<text>"`
 * change one, recorded with who, when and why (--why is required) like every other setting.
 */
import { userInfo } from 'node:os';
import {
  describeSettings,
  parseSettingChange,
  SETTING_LABELS,
  type StudentViewSettings,
} from '../../../src/students/settings.ts';
import { EXIT, stringOption, UsageError, type Command, type CommandContext } from '../command.ts';
import { withRepositories } from '../session.ts';

const USAGE =
  'engage student-view [show] | history | on | off | score on | score off | contact "<text>" --why <reason> [--by <who>] [--json]';

export const studentViewCommand: Command = {
  usage: USAGE,
  options: { why: { type: 'string' }, by: { type: 'string' } },
  optionHelp: [
    '--why <reason>     the reason recorded with a change (required for every change)',
    '--by <who>         who makes the change (default: cli:<os user>)',
  ],
  examples: [
    'engage student-view',
    'engage student-view on --why "pilot approved by the data protection officer"',
    'engage student-view score on --why "students asked to see the number"',
    'engage student-view contact "Talk to your personal tutor, or email wellbeing@example.ac.uk" --why "new support team"',
    'engage student-view history',
  ],
  async run(context) {
    const words = context.positionals;
    const action = (words[0] ?? 'show').toLowerCase();
    if (action === 'show' && words.length <= 1) return show(context);
    if (action === 'history' && words.length === 1) return history(context);
    const update = parseSettingChange(words.join(' '));
    if (update === null) {
      throw new UsageError(
        `engage student-view takes show, history, on, off, score on, score off or contact "<text>" (got "${words.join(' ')}")`,
      );
    }
    return change(context, update);
  },
};

async function show(context: CommandContext): Promise<number> {
  const settings = await withRepositories(context.env, (repos) => repos.studentView.settings());
  if (context.json) context.out.json(settings);
  else for (const line of describeSettings(settings)) context.out.line(line);
  return EXIT.ok;
}

async function history(context: CommandContext): Promise<number> {
  const changes = await withRepositories(context.env, (repos) => repos.studentView.history());
  if (context.json) {
    context.out.json(changes);
    return EXIT.ok;
  }
  if (changes.length === 0)
    context.out.line('No changes yet: the shipped defaults apply (student view off).');
  for (const entry of changes) {
    const what = entry.changes
      .map((c) => `${SETTING_LABELS[c.field]} ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`)
      .join('; ');
    context.out.line(
      `${entry.at.toISOString().slice(0, 16).replace('T', ' ')}  ${entry.by}  ${what}  (${entry.why})`,
    );
  }
  return EXIT.ok;
}

async function change(context: CommandContext, update: Partial<StudentViewSettings>): Promise<number> {
  const why = stringOption(context, 'why');
  if (why === undefined || why.trim() === '') {
    throw new UsageError(
      '--why "<reason>" is required: every student view setting change is recorded with a reason',
    );
  }
  const meta = { at: context.now(), by: stringOption(context, 'by') ?? `cli:${userInfo().username}`, why };
  const { record, settings } = await withRepositories(context.env, async (repos) => {
    try {
      const record = await repos.studentView.change(update, meta);
      return { record, settings: await repos.studentView.settings() };
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  });
  if (context.json) {
    context.out.json({ change: record, settings });
    return EXIT.ok;
  }
  context.out.line(`Changed by ${record.by} (${record.why}):`);
  for (const line of describeSettings(settings)) context.out.line(`  ${line}`);
  return EXIT.ok;
}

/**
 * `engage exemptions`: the "known reason" exemptions set from chat (docs/cli.md). `list` shows the current
 * ones (with --ended, every one, newest first); `end <id>` ends one early, as an administrator would from
 * the student card: the student is back in digests and alerts from today. Ending one is audited.
 */
import { userInfo } from 'node:os';
import { z } from 'zod';
import { endExemptionEarly, ExemptionRefused } from '../../../src/exemptions/exemptionService.ts';
import { EXEMPTION_CATEGORY_LABELS } from '../../../src/exemptions/exemptionRules.ts';
import type { Exemption } from '../../../src/repositories/exemptions.ts';
import { EXIT, InputError, UsageError, type Command, type CommandContext } from '../command.ts';
import { formatTable, neutralise } from '../output.ts';
import { withRepositories } from '../session.ts';

const argsSchema = z.discriminatedUnion('sub', [
  z.object({ sub: z.literal('list'), ended: z.boolean() }),
  z.object({ sub: z.literal('end'), id: z.string().trim().min(1).max(64), as: z.string().min(1).optional() }),
]);

function argsOf(context: CommandContext): z.output<typeof argsSchema> {
  const [sub, id] = context.positionals;
  const parsed = argsSchema.safeParse({
    sub,
    ended: context.values.ended === true,
    id,
    as: context.values.as,
  });
  if (parsed.success) return parsed.data;
  if (sub !== 'list' && sub !== 'end') throw new UsageError('say what to do: list or end');
  throw new UsageError(
    'give the exemption id: engage exemptions end <id> (engage exemptions list shows them)',
  );
}

function status(exemption: Exemption, today: string): string {
  if (exemption.endedEarly) return `ended early ${exemption.endedEarly.at.toISOString().slice(0, 10)}`;
  if (exemption.lastDay < today) return 'ended';
  return 'current';
}

function printList(context: CommandContext, exemptions: Exemption[], today: string): void {
  if (context.json) {
    context.out.json(exemptions.map((exemption) => ({ ...exemption, status: status(exemption, today) })));
    return;
  }
  if (exemptions.length === 0) {
    context.out.line('No exemptions.');
    return;
  }
  const table = [['id', 'student', 'reason', 'from', 'last day', 'set by', 'status', 'note']];
  for (const exemption of exemptions) {
    table.push([
      exemption.id,
      exemption.studentId,
      EXEMPTION_CATEGORY_LABELS[exemption.category],
      exemption.from,
      exemption.lastDay,
      exemption.setBy,
      status(exemption, today),
      exemption.note,
    ]);
  }
  for (const line of formatTable(table)) context.out.line(neutralise(line));
  context.out.line(`${exemptions.length} ${exemptions.length === 1 ? 'exemption' : 'exemptions'}.`);
}

export const exemptionsCommand: Command = {
  usage: 'engage exemptions <list|end> [<exemption-id>] [--ended] [--as <staff-id>] [--json]',
  options: { ended: { type: 'boolean' }, as: { type: 'string' } },
  optionHelp: [
    'list [--ended]            current exemptions by last day; with --ended, every one, newest first',
    'end <exemption-id>        end one early: the student is back in digests and alerts from today',
    '--as <staff-id>           who is ending it (default cli:<os user>)',
  ],
  examples: [
    'engage exemptions list',
    'engage exemptions list --ended --json',
    'engage exemptions end 3f9c2a1b',
  ],
  async run(context) {
    const args = argsOf(context);
    const now = context.now();
    const today = now.toISOString().slice(0, 10);
    return withRepositories(context.env, async (repos) => {
      if (args.sub === 'list') {
        printList(context, await repos.exemptions.list(today, { ended: args.ended }), today);
        return EXIT.ok;
      }
      const actor = args.as ?? `cli:${userInfo().username}`;
      const ended = await endExemptionEarly(repos, args.id, { now, today, actor, where: 'cli' }).catch(
        (error: unknown) => {
          if (error instanceof ExemptionRefused) throw new InputError(error.message);
          throw error;
        },
      );
      if (context.json) context.out.json(ended);
      else
        context.out.line(
          `Exemption ${ended.id} for ${ended.studentId} ended early: back in digests and alerts from ${today}.`,
        );
      return EXIT.ok;
    });
  },
};

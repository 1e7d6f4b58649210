/**
 * `engage channels`: the chat channels linked to a group (they are linked from chat, with `link …`), each
 * with its group and how many students a list of its digest shows; `digest-rows <platform> <channel id>
 * <1–50>` sets that number for one channel, as `digest rows <n>` does in the channel itself.
 */
import { z } from 'zod';
import { groupLabel, type Names } from '../../../src/chat/context/scope.ts';
import { parseDigestRows } from '../../../src/chat/digestRowsSetting.ts';
import { DIGEST_ROWS_PER_SECTION } from '../../../src/chat/views/displayLimits.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import { EXIT, InputError, UsageError, type Command, type CommandContext } from '../command.ts';
import { withRepositories } from '../session.ts';

const USAGE = 'engage channels [list] | digest-rows <teams|slack|preview> <channel id> <1–50> [--json]';

const platformSchema = z.enum(['teams', 'slack', 'preview']);

export const channelsCommand: Command = {
  usage: USAGE,
  options: {},
  optionHelp: [],
  examples: ['engage channels', 'engage channels digest-rows slack C0123ABCD 12'],
  async run(context) {
    const [action = 'list', ...rest] = context.positionals;
    if (action === 'list' && rest.length === 0) return list(context);
    if (action === 'digest-rows') return digestRows(context, rest);
    throw new UsageError(
      `engage channels takes list or digest-rows (got "${context.positionals.join(' ')}")`,
    );
  },
};

async function names(repos: Repositories): Promise<Names> {
  const [programmes, staff] = await Promise.all([repos.institution.listProgrammes(), repos.staff.all()]);
  const programmeNames = new Map(programmes.map((p) => [p.id, p.name]));
  const staffNames = new Map(staff.map((s) => [s.id, s.name]));
  return {
    programme: (id) => programmeNames.get(id) ?? id,
    staff: (id) => staffNames.get(id) ?? id,
  };
}

async function list(context: CommandContext): Promise<number> {
  const rows = await withRepositories(context.env, async (repos) => {
    const [links, labels] = await Promise.all([repos.channelLinks.list(), names(repos)]);
    return links.map((link) => ({
      platform: link.platform,
      channelId: link.channelId,
      channel: link.channelName ?? link.channelId,
      group: groupLabel(link.group, labels),
      digestRows: link.digestRows ?? DIGEST_ROWS_PER_SECTION,
    }));
  });
  if (context.json) {
    context.out.json(rows);
    return EXIT.ok;
  }
  if (rows.length === 0)
    context.out.line('No channel is linked yet: type "link <programme or tutor>" in one.');
  for (const row of rows) {
    context.out.line(
      `${row.platform}  ${row.channelId}  ${row.channel}  ${row.group}  ${row.digestRows} rows a list`,
    );
  }
  return EXIT.ok;
}

async function digestRows(context: CommandContext, args: string[]): Promise<number> {
  const [platformText = '', channelId = '', rowsText, ...extra] = args;
  if (rowsText === undefined || extra.length > 0) {
    throw new UsageError('engage channels digest-rows takes a platform, a channel id and a number of rows');
  }
  const platform = platformSchema.safeParse(platformText);
  if (!platform.success) {
    throw new InputError(`The platform is teams, slack or preview (got "${platformText}").`);
  }
  const rows = parseDigestRows(rowsText);
  if (!rows.ok) throw new InputError(rows.reason);
  const set = await withRepositories(context.env, (repos) =>
    repos.channelLinks.setDigestRows(platform.data, channelId, rows.rows),
  );
  if (!set) {
    context.out.error(
      `No ${platform.data} channel "${channelId}" is linked: "engage channels" lists the linked ones.`,
    );
    return EXIT.failure;
  }
  if (context.json) context.out.json({ platform: platform.data, channelId, digestRows: rows.rows });
  else
    context.out.line(
      `The digest in ${platform.data} channel ${channelId} now shows ${rows.rows} rows a list.`,
    );
  return EXIT.ok;
}

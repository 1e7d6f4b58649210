/**
 * `engage sources`: every source with its state, freshness and data quality (the latest week's completeness,
 * validity, timeliness and overall %, flagged below 80 %), and the administration of sources — declaring
 * them and their feeds from a YAML or JSON file, enabling (privacy notice, DPIA for new kinds) and
 * disabling from the next weekly run, and approving or discarding a delivery the volume guard held.
 */
import { FeedConfigSchema } from '../../connectors/registry.ts';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ZodError } from 'zod';
import { approveDelivery, discardDelivery, IngestError } from '../../../src/ingest/ingestDelivery.ts';
import {
  configureSources,
  disableSource,
  enableSource,
  SourceAdminError,
  sourceStatus,
  type SourceStatus,
} from '../../../src/ingest/sourceAdmin.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import { EXIT, InputError, stringOption, UsageError, type Command, type CommandContext } from '../command.ts';
import { formatTable } from '../output.ts';
import { engageCommandLine } from '../hint.ts';
import { withRepositories } from '../session.ts';
import { checkSourceId } from '../sourceChoice.ts';
import { ownerContact, setSourceOwner } from '../../../src/ingest/sourceOwner.ts';

const ACTIONS = ['list', 'configure', 'enable', 'disable', 'owner', 'approve', 'discard'];

export const sourcesCommand: Command = {
  usage:
    'engage sources [list] [--json] | configure <file> | enable <id> --privacy-notice [--dpia <ref>] [--accept-low-quality] | disable <id> | owner <id> [--name <name> (--email <address> | --handle <@handle>)] | approve <delivery> | discard <delivery>',
  options: {
    'privacy-notice': { type: 'boolean', default: false },
    dpia: { type: 'string' },
    'accept-low-quality': { type: 'boolean', default: false },
    name: { type: 'string' },
    email: { type: 'string' },
    handle: { type: 'string' },
  },
  optionHelp: [
    "--privacy-notice      record that the institution's privacy notice covers the source (needed to enable)",
    '--dpia <ref>          the DPIA reference (needed for new kinds: wifi, gym)',
    '--accept-low-quality  enable although the latest data quality is below 80%',
    "--name <name>         owner: the source's technical owner (with --email and/or --handle)",
    '--email <address>     owner: their email address (feed-health cards offer it as a mailto link)',
    '--handle <@handle>    owner: their chat handle',
  ],
  examples: [
    'engage sources',
    'engage sources configure ./sources.yaml',
    'engage sources enable wifi --privacy-notice --dpia DPIA-2026-07',
    'engage sources owner vle --name "Sam Lee" --email sam.lee@example.ac.uk',
    'engage sources approve 3fa9c2d1e0b4',
  ],
  async run(context) {
    const [action = 'list', argument, ...extra] = context.positionals;
    if (!ACTIONS.includes(action))
      throw new UsageError(`unknown action "${action}"; actions: ${ACTIONS.join(', ')}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (action !== 'list' && argument === undefined) {
      throw new UsageError(action === 'configure' ? 'give the sources file' : `give what to ${action}`);
    }
    const input = action === 'configure' ? await sourcesFile(argument as string) : undefined;
    return withRepositories(context.env, async (repos) => {
      if (action === 'enable' || action === 'disable' || action === 'owner')
        await checkSourceId(repos, argument as string);
      try {
        return await act(repos, context, action, argument as string, input);
      } catch (error) {
        if (error instanceof SourceAdminError || error instanceof IngestError) {
          context.out.error(`engage sources: ${error.message}`);
          return EXIT.failure;
        }
        if (error instanceof ZodError) {
          const issues = error.issues.map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`);
          if (action === 'owner') throw new InputError(`engage sources owner: ${issues.join('; ')}`);
          throw new InputError(`${argument as string} is not a valid sources file: ${issues.join('; ')}`);
        }
        throw error;
      }
    });
  },
};

/** The sources file as data: YAML (JSON is YAML too); unreadable or malformed is an input error. */
async function sourcesFile(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return parseYaml(text);
  } catch (error) {
    throw new InputError(`${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

async function act(
  repos: Repositories,
  context: CommandContext,
  action: string,
  argument: string,
  input: unknown,
): Promise<number> {
  const { out } = context;
  const now = new Date();
  switch (action) {
    case 'list': {
      const statuses = await sourceStatus(repos, now);
      if (context.json) out.json(statuses);
      else
        for (const line of renderStatuses(statuses, (args) => engageCommandLine(context.env, args)))
          out.line(line);
      return EXIT.ok;
    }
    case 'configure': {
      const ids = await configureSources(repos, input, FeedConfigSchema);
      if (context.json) out.json({ configured: ids });
      else out.line(`configured ${ids.length} source${ids.length === 1 ? '' : 's'}: ${ids.join(', ')}`);
      return EXIT.ok;
    }
    case 'enable': {
      const { source, changed } = await enableSource(repos, argument, {
        privacyNotice: context.values['privacy-notice'] === true,
        dpia: stringOption(context, 'dpia'),
        acceptLowQuality: context.values['accept-low-quality'] === true,
        now,
      });
      if (context.json) out.json({ ...source, changed });
      else if (!changed)
        out.line(
          `${source.id} is already enabled (scores from ${source.enabledFromWeek ?? '—'} on use it); nothing changed`,
        );
      else
        out.line(
          `${source.id} enabled: scores from ${source.enabledFromWeek ?? '—'} on use it (the next weekly run)`,
        );
      return EXIT.ok;
    }
    case 'disable': {
      const source = await disableSource(repos, argument, now);
      if (context.json) out.json(source);
      else
        out.line(
          `${source.id} disabled from ${source.disabledFromWeek ?? '—'}; weeks already scored keep it`,
        );
      return EXIT.ok;
    }
    case 'owner':
      return sourceOwner(repos, context, argument);
    default: {
      const held = (await repos.deliveries.findByPrefix(argument)).filter(
        (delivery) => delivery.status === 'held',
      );
      if (held.length !== 1) {
        out.error(
          `engage sources: ${held.length === 0 ? 'no held delivery' : 'more than one held delivery'} starts with "${argument}"`,
        );
        return EXIT.failure;
      }
      const [delivery] = held as [(typeof held)[number]];
      if (action === 'approve') await approveDelivery(repos, delivery.sourceId, delivery.id);
      else await discardDelivery(repos, delivery.sourceId, delivery.id);
      const verb = action === 'approve' ? 'approved and applied' : 'discarded';
      if (context.json)
        out.json({
          sourceId: delivery.sourceId,
          deliveryId: delivery.id,
          status: action === 'approve' ? 'applied' : 'discarded',
        });
      else
        out.line(
          `${delivery.sourceId}: delivery ${delivery.id.slice(0, 12)} (${delivery.name}, ${delivery.rows} rows) ${verb}`,
        );
      return EXIT.ok;
    }
  }
}

/** Shows the source's technical owner, or sets it when --name is given. */
async function sourceOwner(repos: Repositories, context: CommandContext, id: string): Promise<number> {
  const name = stringOption(context, 'name');
  const email = stringOption(context, 'email') ?? null;
  const chatHandle = stringOption(context, 'handle') ?? null;
  if (name === undefined && (email !== null || chatHandle !== null))
    throw new UsageError("give the owner's --name with their --email or --handle");
  const owner =
    name === undefined
      ? ((await repos.sources.listSources()).find((source) => source.id === id)?.owner ?? null)
      : await setSourceOwner(repos, id, { name, email, chatHandle });
  if (context.json) context.out.json({ sourceId: id, owner });
  else if (owner === null)
    context.out.line(
      `${id} has no technical owner yet (${engageCommandLine(context.env, `sources owner ${id} --name <name> --email <address>`)})`,
    );
  else context.out.line(`${id}: technical owner ${ownerContact(owner)}`);
  return EXIT.ok;
}

function renderStatuses(statuses: readonly SourceStatus[], hint: (args: string) => string): string[] {
  if (statuses.length === 0) return [`No sources yet (${hint('sources configure <file>')}).`];
  const pct = (value: number) => `${Math.round(value * 100)}%`;
  const rows = statuses.map((status) => {
    const latest = status.quality[0];
    return [
      status.id,
      status.kind,
      status.enabled
        ? `on from ${status.enabledFromWeek ?? 'start'}`
        : status.disabledFromWeek
          ? `off from ${status.disabledFromWeek}`
          : 'off',
      status.privacyNoticeCovers ? `yes${status.dpiaReference ? ` (${status.dpiaReference})` : ''}` : 'no',
      latest ? latest.week : '—',
      latest ? `${latest.overall}%${latest.flagged ? ' FLAGGED' : ''}` : '—',
      latest ? `${pct(latest.completeness)} / ${pct(latest.validity)} / ${pct(latest.timeliness)}` : '—',
      status.freshness,
      status.held.length > 0 ? `${status.held.length} held` : '',
    ];
  });
  const lines = formatTable([
    [
      'source',
      'kind',
      'state',
      'privacy notice',
      'week',
      'quality',
      'complete / valid / timely',
      'freshness',
      '',
    ],
    ...rows,
  ]);
  for (const status of statuses) {
    if (status.dataGaps.length > 0) {
      lines.push(
        `${status.id}: a data gap (delivered next to nothing; missing, not zero, in scores) in ${status.dataGaps.slice(0, 6).join(', ')}${status.dataGaps.length > 6 ? ` and ${status.dataGaps.length - 6} more weeks` : ''}`,
      );
    }
    if (status.owner) lines.push(`${status.id}: technical owner ${ownerContact(status.owner)}`);
    for (const held of status.held) {
      lines.push(
        `${status.id}: delivery ${held.id.slice(0, 12)} (${held.name}) held: ${held.reason ?? ''} — ${hint(`sources approve ${held.id.slice(0, 12)}`)}`,
      );
    }
  }
  return lines;
}

/**
 * `engage quarantine list|show|retry`: the rows deliveries could not count, with file, line, field and
 * reason; one in full (the record as delivered); and counting one again once its cause is fixed.
 */
import { IngestError } from '../../../src/ingest/ingestDelivery.ts';
import { retryQuarantined } from '../../../src/ingest/retryQuarantined.ts';
import { OUTCOMES_SOURCE_ID } from '../../../src/evaluation/ingestOutcomes.ts';
import { EXIT, integerOption, stringOption, UsageError, type Command } from '../command.ts';
import { formatTable } from '../output.ts';
import { withRepositories } from '../session.ts';
import { checkSourceId } from '../sourceChoice.ts';
import { COURSEWORK_SOURCE_ID } from '../../../src/coursework/ingestCoursework.ts';
import { AUDIT_ATTRIBUTES_SOURCE_ID } from '../../../src/ingest/auditAttributeFeed.ts';

const ACTIONS = ['list', 'show', 'retry'];

export const quarantineCommand: Command = {
  usage:
    'engage quarantine list [--source <id>] [--delivery <id>] [--all] [--limit <n>] | show <id> | retry <id>',
  options: {
    source: { type: 'string' },
    delivery: { type: 'string' },
    all: { type: 'boolean', default: false },
    limit: { type: 'string' },
  },
  optionHelp: [
    '--source <id>    only this source',
    '--delivery <id>  only this delivery (its full id)',
    '--all            resolved rows too',
    '--limit <n>      at most n rows (default 50)',
  ],
  examples: [
    'engage quarantine list --source vle',
    'engage quarantine show vle:3fa9c2d1e0b4:17',
    'engage quarantine retry vle:3fa9c2d1e0b4:17',
  ],
  async run(context) {
    const [action, id, ...extra] = context.positionals;
    if (action === undefined || !ACTIONS.includes(action)) {
      throw new UsageError(`give an action: ${ACTIONS.join(', ')}`);
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (action !== 'list' && id === undefined)
      throw new UsageError(`give the quarantined row's id to ${action}`);
    const { out } = context;
    return withRepositories(context.env, async (repos) => {
      if (action === 'list') {
        const source = stringOption(context, 'source');
        if (source !== undefined)
          await checkSourceId(repos, source, [
            OUTCOMES_SOURCE_ID,
            COURSEWORK_SOURCE_ID,
            AUDIT_ATTRIBUTES_SOURCE_ID,
          ]);
        const filter = {
          sourceId: stringOption(context, 'source'),
          deliveryId: stringOption(context, 'delivery'),
          all: context.values.all === true,
        };
        const limit = integerOption(context, 'limit', { min: 1, max: 100_000 }) ?? 50;
        const [entries, total] = await Promise.all([
          repos.quarantine.list(filter, limit),
          repos.quarantine.count(filter),
        ]);
        if (context.json) {
          out.json({ total, entries: entries.map(({ values: _values, ...entry }) => entry) });
          return EXIT.ok;
        }
        if (total === 0) {
          out.line('No quarantined rows.');
          return EXIT.ok;
        }
        const rows = entries.map((entry) => [
          entry.id,
          `${entry.file}:${entry.line}`,
          entry.field ?? '—',
          entry.status,
          entry.reason,
        ]);
        for (const line of formatTable([['id', 'where', 'field', 'status', 'reason'], ...rows]))
          out.line(line);
        if (total > entries.length) out.line(`and ${total - entries.length} more (--limit to see more)`);
        return EXIT.ok;
      }
      if (action === 'show') {
        const entry = await repos.quarantine.find(id as string);
        if (!entry) {
          out.error(`engage quarantine: no quarantined row "${id}"`);
          return EXIT.failure;
        }
        if (context.json) out.json(entry);
        else {
          out.line(`${entry.id}  ${entry.status}`);
          out.line(`source ${entry.sourceId}, delivery ${entry.deliveryId}`);
          out.line(`${entry.file} line ${entry.line}, field ${entry.field ?? '—'}: ${entry.reason}`);
          if (entry.values)
            for (const [column, value] of Object.entries(entry.values)) out.line(`  ${column} = ${value}`);
        }
        return EXIT.ok;
      }
      try {
        const outcome = await retryQuarantined(repos, id as string, new Date());
        if (context.json) out.json(outcome);
        else if (outcome.counted) out.line(`${id}: counted in ${outcome.week}`);
        else out.line(`${id}: still quarantined: ${outcome.reason}`);
        return outcome.counted ? EXIT.ok : EXIT.failure;
      } catch (error) {
        if (!(error instanceof IngestError)) throw error;
        out.error(`engage quarantine: ${error.message}`);
        return EXIT.failure;
      }
    });
  },
};

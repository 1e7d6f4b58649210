/** `engage score`: compute and store the weekly scores for one term week, or for every term week in order. */
import { isIsoWeek, type IsoWeek } from '../../../src/domain/isoWeek.ts';
import { latestEndedTermWeek } from '../../../src/weekly/latestWeek.ts';
import { isTermWeek } from '../../../src/domain/model.ts';
import { scoreAndStoreWeek, type WeekRunSummary } from '../../../src/weekly/scoreAndStoreWeek.ts';
import { EXIT, stringOption, UsageError, type Command } from '../command.ts';
import { formatTable } from '../output.ts';
import { withRepositories } from '../session.ts';

export const scoreCommand: Command = {
  name: 'score',
  summary: 'Compute and store weekly engagement scores (default: the latest term week that has ended).',
  usage: 'engage score [--week <YYYY-Www> | --all] [--json]',
  options: { week: { type: 'string' }, all: { type: 'boolean', default: false } },
  optionHelp: [
    '--week <YYYY-Www>  the ISO week to score, e.g. 2026-W40 (re-scoring a week reproduces it)',
    '--all              score every term week of the calendar, oldest first',
  ],
  examples: ['engage score', 'engage score --week 2026-W40 --json', 'engage score --all'],
  async run(context) {
    const week = stringOption(context, 'week');
    if (week !== undefined && !isIsoWeek(week)) {
      throw new UsageError(`--week must be an ISO week such as 2026-W40 (got "${week}")`);
    }
    if (week !== undefined && context.values.all) throw new UsageError('give --week or --all, not both');
    const summaries = await withRepositories(context.env, async (repos) => {
      const weeks: IsoWeek[] = context.values.all
        ? (await repos.institution.calendar()).filter(isTermWeek).map((entry) => entry.week)
        : [week ?? (await latestEndedTermWeek(repos, new Date()))].filter(
            (w): w is IsoWeek => w !== undefined,
          );
      if (weeks.length === 0)
        throw new Error('the calendar has no term week to score yet (import or generate data first)');
      const results: WeekRunSummary[] = [];
      for (const w of weeks) results.push(await scoreAndStoreWeek(repos, w));
      return results;
    });
    if (context.json) {
      context.out.json(summaries);
    } else {
      context.out.line(
        formatTable([
          [
            'week',
            'scored',
            'not scored (status)',
            'no data',
            'peer groups',
            'merged',
            'shared causes',
            'config',
          ],
          ...summaries.map((s) =>
            s.scoredWeek
              ? [
                  s.week,
                  `${s.scored}`,
                  `${s.excludedStatus}`,
                  `${s.noData}`,
                  `${s.peerGroups}`,
                  `${s.mergedPeerGroups}`,
                  `${s.sharedCauses.length}`,
                  `v${s.configVersion}`,
                ]
              : [s.week, 'not a term week', '', '', '', '', '', ''],
          ),
        ]).join('\n'),
      );
    }
    return summaries.some((s) => !s.scoredWeek) ? EXIT.failure : EXIT.ok;
  },
};

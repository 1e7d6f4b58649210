/**
 * `engage score`: compute and store the weekly scores for one term week, or for every term week in order,
 * predict each week's risk with the active model (the predict step runs inside scoreAndStoreWeek; "at risk"
 * says how many it flagged, and with which model), then evaluate the alert rules for each week scored (as
 * the weekly cycle does; --skip-rules leaves that to the service's evaluate-rules job). Notifications wait in the outbox for the service to post; student
 * emails go out when SMTP_URL is set; workflow steps are queued for the service's scheduler to run.
 */
import { isIsoWeek, type IsoWeek } from '../../../src/domain/isoWeek.ts';
import { latestEndedTermWeek } from '../../../src/weekly/latestWeek.ts';
import { evaluateRulesForWeek } from '../../../src/rules/runWeek.ts';
import { cliRulePorts } from '../rulePorts.ts';
import { isTermWeek } from '../../../src/domain/model.ts';
import { scoreAndStoreWeek, type WeekRunSummary } from '../../../src/weekly/scoreAndStoreWeek.ts';
import { EXIT, stringOption, UsageError, type Command } from '../command.ts';
import { formatTable } from '../output.ts';
import { withRepositories } from '../session.ts';

export const scoreCommand: Command = {
  usage: 'engage score [--week <YYYY-Www> | --all] [--skip-rules] [--json]',
  options: {
    week: { type: 'string' },
    all: { type: 'boolean', default: false },
    'skip-rules': { type: 'boolean', default: false },
  },
  optionHelp: [
    '--week <YYYY-Www>  the ISO week to score, e.g. 2026-W40 (re-scoring a week reproduces it)',
    '--all              score every term week of the calendar, oldest first',
    '--skip-rules       do not evaluate the alert rules after scoring',
  ],
  examples: ['engage score', 'engage score --week 2026-W40 --json', 'engage score --all'],
  async run(context) {
    const week = stringOption(context, 'week');
    if (week !== undefined && !isIsoWeek(week)) {
      throw new UsageError(`--week must be an ISO week such as 2026-W40 (got "${week}")`);
    }
    if (week !== undefined && context.values.all) throw new UsageError('give --week or --all, not both');
    const summaries = await withRepositories(context.env, async (repos, store) => {
      const weeks: IsoWeek[] = context.values.all
        ? (await repos.institution.calendar()).filter(isTermWeek).map((entry) => entry.week)
        : [week ?? (await latestEndedTermWeek(repos, new Date()))].filter(
            (w): w is IsoWeek => w !== undefined,
          );
      if (weeks.length === 0)
        throw new Error('the calendar has no term week to score yet (import or generate data first)');
      const results: (WeekRunSummary & { alerts: number | null })[] = [];
      const rules = context.values['skip-rules']
        ? null
        : cliRulePorts(context.env, repos, store, { email: true });
      try {
        for (const w of weeks) {
          const summary = await scoreAndStoreWeek(repos, w);
          const evaluated =
            rules === null || !summary.scoredWeek
              ? null
              : await evaluateRulesForWeek(repos, { week: w, now: new Date(), ports: rules.ports });
          results.push({
            ...summary,
            alerts: evaluated && evaluated.rules.reduce((sum, rule) => sum + rule.fired, 0),
          });
        }
      } finally {
        rules?.close();
      }
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
            'data gaps',
            'config',
            'at risk',
            'new alerts',
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
                  s.dataGaps.length === 0 ? '—' : s.dataGaps.join(', '),
                  `v${s.configVersion}`,
                  s.prediction?.modelVersion ? `${s.prediction.atRisk} (${s.prediction.modelVersion})` : '—',
                  s.alerts === null ? '—' : `${s.alerts}`,
                ]
              : [s.week, 'not a term week', '', '', '', '', '', '', '', '', ''],
          ),
        ]).join('\n'),
      );
    }
    return summaries.some((s) => !s.scoredWeek) ? EXIT.failure : EXIT.ok;
  },
};

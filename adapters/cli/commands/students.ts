/**
 * `engage students --list <kind>`: one of the Monday lists in full, with the filters every list offers, and
 * who is contacting each student ("claimed by").
 */
import { formatCount } from '../../../src/chat/views/viewFormat.ts';
import { isIsoWeek } from '../../../src/domain/isoWeek.ts';
import { LIST_KINDS, type ListKind } from '../../../src/signals/lists.ts';
import { listSection, scoredThisWeek } from '../../../src/weekly/mondayView.ts';
import { TRAJECTORIES } from '../../../src/prediction/trajectory.ts';
import { loadSignals, reportWeek } from '../../../src/weekly/loadSignals.ts';
import { EXIT, integerOption, stringOption, UsageError, type Command } from '../command.ts';
import { claimedByJson, claimsOf } from '../render/claimedBy.ts';
import { studentTable } from '../render/studentRows.ts';
import { withRepositories } from '../session.ts';
import { checkFilterChoices } from './filterChoices.ts';

/** Short names accepted on the command line for the list kinds. */
const ALIASES: Record<string, ListKind> = {
  priority: 'priority-contact',
  low: 'consistently-low',
  concern: 'significant-concern',
};

export const studentsCommand: Command = {
  usage: `engage students --list <${['declining', 'consistently-low', 'priority', 'recovering', 'low-engagement'].join('|')}|...> [filters] [--json]`,
  options: {
    list: { type: 'string' },
    faculty: { type: 'string' },
    programme: { type: 'string' },
    year: { type: 'string' },
    cohort: { type: 'string' },
    week: { type: 'string' },
    limit: { type: 'string' },
    trajectory: { type: 'string' },
  },
  optionHelp: [
    `--list <kind>       one of: ${[...LIST_KINDS, ...Object.keys(ALIASES)].join(', ')}`,
    '--faculty <id>      only this faculty',
    '--programme <id>    only this programme',
    '--year <n>          only this year of study',
    '--cohort <label>    only this cohort',
    '--week <YYYY-Www>   the scored week (default: the latest)',
    '--limit <n>         at most this many rows (default: all)',
    `--trajectory <name> only students with this predicted trajectory (${TRAJECTORIES.join(', ')})`,
  ],
  examples: [
    'engage students --list declining',
    'engage students --list priority --faculty science-engineering --year 1',
    'engage students --list consistently-low --json',
    'engage students --list at-risk',
    "engage students --list declining --trajectory 'At Risk'",
  ],
  async run(context) {
    const listName = stringOption(context, 'list');
    if (listName === undefined) throw new UsageError('--list is required');
    const kind = ALIASES[listName] ?? (LIST_KINDS.find((k) => k === listName) as ListKind | undefined);
    if (!kind)
      throw new UsageError(
        `unknown list "${listName}"; lists: ${[...LIST_KINDS, ...Object.keys(ALIASES)].join(', ')}`,
      );
    const week = stringOption(context, 'week');
    if (week !== undefined && !isIsoWeek(week))
      throw new UsageError(`--week must be an ISO week such as 2026-W40 (got "${week}")`);
    const year = integerOption(context, 'year', { min: 1, max: 10 });
    const limit = integerOption(context, 'limit', { min: 1, max: 1_000_000 }) ?? Number.MAX_SAFE_INTEGER;
    const filter = {
      facultyId: stringOption(context, 'faculty'),
      programmeId: stringOption(context, 'programme'),
      yearOfStudy: year,
      cohort: stringOption(context, 'cohort'),
    };
    const trajectory = stringOption(context, 'trajectory');
    const known = TRAJECTORIES.find((name) => name.toLowerCase() === trajectory?.toLowerCase());
    if (trajectory !== undefined && known === undefined)
      throw new UsageError(`unknown trajectory "${trajectory}"; trajectories: ${TRAJECTORIES.join(', ')}`);
    const listFilter = known === undefined ? {} : { trajectories: [known] };
    const section = await withRepositories(context.env, async (repos) => {
      await checkFilterChoices(repos, { ...filter, week });
      const snapshot = await loadSignals(repos, {
        week: await reportWeek(repos, week),
        now: new Date(),
        filter,
      });
      const listed = listSection(scoredThisWeek(snapshot), kind, limit, listFilter);
      const claims = await claimsOf(
        repos,
        listed.rows.map((row) => row.studentId),
        new Date(),
      );
      return { week: snapshot.week, ...listed, claims };
    });
    const { claims, ...shown } = section;
    if (context.json) {
      context.out.json({
        ...shown,
        rows: shown.rows.map((row) => ({ ...row, claimedBy: claimedByJson(claims.get(row.studentId)) })),
      });
      return EXIT.ok;
    }
    context.out.line(
      `${section.title} (${section.rule}) — ${section.week}: ${formatCount(section.total)} students`,
    );
    if (section.rows.length > 0)
      for (const line of studentTable(section.rows, claims)) context.out.line(line);
    if (section.rows.length < section.total)
      context.out.line(`and ${formatCount(section.total - section.rows.length)} more`);
    return EXIT.ok;
  },
};

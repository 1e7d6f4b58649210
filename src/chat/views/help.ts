/**
 * The help card: the commands this member of staff may use — named lists and student lookups only for those
 * who see names (tutors, caseworkers), the aggregate views for everyone, the model scorecard for
 * administrators and managers, and for administrators the channel and report commands.
 */
import type { HelpView } from './viewModel.ts';

type Command = HelpView['commands'][number];

const STUDENT: Command = {
  usage: 'student <id or name>',
  description: 'a student: trend, score and why, attendance, case, contacts',
};
const DIGEST: Command = {
  usage: 'digest',
  description: "this channel's Monday digest: declining, at risk, priority contact",
};
const SUMMARY: Command = {
  usage: 'digest',
  description: 'the governance summary: aggregate figures for the whole institution, never a name',
};
const DECLINING: Command = {
  usage: 'declining',
  description: 'students whose score fell more than 100 points over four weeks',
};
const PRIORITY: Command = {
  usage: 'priority',
  description: 'below 350 with no open case and no staff contact in 14 days',
};
const BANDS: Command = {
  usage: 'bands',
  description: 'how many students are in each 200-point band, with drill-in',
};
const BAND_COUNTS: Command = { usage: 'bands', description: 'how many students are in each 200-point band' };
const HELP: Command = { usage: 'help', description: 'this list' };

const ADMIN_COMMANDS: HelpView['adminCommands'] = [
  {
    usage:
      'link <programme>/<year> | link <programme> | link <tutor email or id> | link managers | link admins',
    description: "bind this channel to a tutor group (or make it the managers' or the admins' channel)",
  },
  { usage: 'unlink', description: 'remove this channel’s link; its digest stops' },
  { usage: 'channels', description: 'every linked channel and its group' },
  {
    usage: 'digest rows <1–50>',
    description: 'how many students each list of this channel’s digest shows (default 8)',
  },
  { usage: 'sources', description: 'each data source: freshness and data quality, flagged below 80%' },
  { usage: 'rules', description: 'the alert rules in words' },
  { usage: 'rules preview <id>', description: 'how many students a rule would fire for now, by group' },
  {
    usage: 'student-view [on | off | score on | score off | contact <text>] why <reason>',
    description: 'what students see of themselves (docs/students.md); each change recorded with who and why',
  },
];

/** For administrators and managers only. */
const SCORECARD_COMMAND: HelpView['commands'][number] = {
  usage: 'model',
  description: 'the risk model scorecard: how well it predicts, from which week, and its calibration',
};

/**
 * `seesNames`: the reader may see named students (see context/access.ts); `admin`: they administer Engage;
 * `manager`: they have the manager role.
 */
export function buildHelpView(reader: { seesNames: boolean; admin: boolean; manager: boolean }): HelpView {
  const views = reader.seesNames ? [STUDENT, DIGEST, DECLINING, PRIORITY, BANDS] : [SUMMARY, BAND_COUNTS];
  const commands = [...views, ...(reader.admin || reader.manager ? [SCORECARD_COMMAND] : []), HELP];
  return { kind: 'help', commands, adminCommands: reader.admin ? ADMIN_COMMANDS : [] };
}

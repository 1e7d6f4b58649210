/**
 * The help card: what a member of staff can type (the model scorecard only for administrators and managers),
 * and for administrators the channel and report commands.
 */
import type { HelpView } from './views.ts';

const COMMANDS: HelpView['commands'] = [
  {
    usage: 'student <id or name>',
    description: 'a student: trend, score and why, attendance, case, contacts',
  },
  { usage: 'digest', description: "this channel's Monday digest: declining, at risk, priority contact" },
  { usage: 'declining', description: 'students whose score fell more than 100 points over four weeks' },
  { usage: 'priority', description: 'below 350 with no open case and no staff contact in 14 days' },
  { usage: 'bands', description: 'how many students are in each 200-point band, with drill-in' },
  { usage: 'help', description: 'this list' },
];

const ADMIN_COMMANDS: HelpView['adminCommands'] = [
  {
    usage: 'link <programme>/<year> | link <programme> | link <tutor email or id> | link managers',
    description: "bind this channel to a tutor group (or make it the managers' channel)",
  },
  { usage: 'unlink', description: 'remove this channel’s link; its digest stops' },
  { usage: 'channels', description: 'every linked channel and its group' },
  { usage: 'sources', description: 'each data source: freshness and data quality, flagged below 80%' },
  { usage: 'rules', description: 'the alert rules in words' },
  { usage: 'rules preview <id>', description: 'how many students a rule would fire for now, by group' },
];

/** For administrators and managers only. */
const SCORECARD_COMMAND: HelpView['commands'][number] = {
  usage: 'model',
  description: 'the risk model scorecard: how well it predicts, from which week, and its calibration',
};

export function buildHelpView(admin: boolean, manager = false): HelpView {
  return {
    kind: 'help',
    commands:
      admin || manager ? [...COMMANDS.slice(0, -1), SCORECARD_COMMAND, ...COMMANDS.slice(-1)] : COMMANDS,
    adminCommands: admin ? ADMIN_COMMANDS : [],
  };
}

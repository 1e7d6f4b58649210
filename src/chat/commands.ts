/**
 * Typed chat commands: `student <id or name>`, `digest`, `declining`, `priority`, `bands`, `help`, the risk
 * model's scorecard `model` (administrators and managers), and the admin commands `link <programme/year |
 * tutor>`, `unlink`, `channels`, `digest rows <n>`, `sources`, `rules`, `rules preview <id>`, `student-view …` (students/adminSettings.ts). Tolerant of case, a leading bot
 * mention (Teams `<at>Engage</at>`, Slack `<@U123>`, a plain `@Engage`), a leading slash and extra spaces.
 */

export type ChatCommand =
  | { kind: 'student'; query: string }
  | { kind: 'digest' }
  | { kind: 'digest-rows'; rows: string }
  | { kind: 'declining' }
  | { kind: 'priority' }
  | { kind: 'bands' }
  | { kind: 'help' }
  | { kind: 'model' }
  | { kind: 'link'; target: string }
  | { kind: 'unlink' }
  | { kind: 'channels' }
  | { kind: 'sources' }
  | { kind: 'rules' }
  | { kind: 'rule-preview'; ruleId: string }
  | { kind: 'student-view'; args: string }
  | { kind: 'unknown'; text: string };

const MENTION = /^(?:<at>[^<]*<\/at>|<@[^>]+>|@\S+)\s*/i;
const SIMPLE: Record<string, ChatCommand> = {
  digest: { kind: 'digest' },
  declining: { kind: 'declining' },
  priority: { kind: 'priority' },
  bands: { kind: 'bands' },
  help: { kind: 'help' },
  '?': { kind: 'help' },
  unlink: { kind: 'unlink' },
  channels: { kind: 'channels' },
  sources: { kind: 'sources' },
  rules: { kind: 'rules' },
  model: { kind: 'model' },
};
/** The longest text a command may carry: a name or a link target, never a paragraph. */
export const MAX_COMMAND_LENGTH = 200;

export function parseCommand(raw: string): ChatCommand {
  let text = raw
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  while (MENTION.test(text)) text = text.replace(MENTION, '');
  text = text
    .replace(/^\/?engage\b\s*/i, '')
    .replace(/^\//, '')
    .trim();
  if (text.length === 0) return { kind: 'help' };
  if (text.length > MAX_COMMAND_LENGTH) return { kind: 'unknown', text: text.slice(0, 40) };
  const [word = '', ...rest] = text.split(' ');
  const verb = word.toLowerCase();
  const argument = rest.join(' ').trim();
  const simple = SIMPLE[verb];
  if (simple && argument.length === 0) return simple;
  if (verb === 'student' || verb === 'lookup' || verb === 'find') {
    return argument.length > 0 ? { kind: 'student', query: argument } : { kind: 'unknown', text };
  }
  if (verb === 'link' && argument.length > 0) return { kind: 'link', target: argument };
  const rows = /^rows\b\s*(.*)$/i.exec(argument);
  if (verb === 'digest' && rows) return { kind: 'digest-rows', rows: rows[1] ?? '' };
  if (verb === 'student-view') return { kind: 'student-view', args: argument };
  const preview = /^preview (\S+)$/i.exec(argument);
  if (verb === 'rules' && preview?.[1]) return { kind: 'rule-preview', ruleId: preview[1] };
  return { kind: 'unknown', text };
}

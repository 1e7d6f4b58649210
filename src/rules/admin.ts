/**
 * Administering alert rules (the CLI and the admin chat command call these): list the rules in force,
 * preview a rule against the latest scored week before saving it, add one, replace one, enable or disable
 * one. Every change is stored with who, when and why (repos.rules keeps the history). Disabling a rule
 * forgets its episodes, so when it is enabled again it fires afresh for students its condition holds for.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { Repositories } from '../repositories/index.ts';
import type { ChangeMeta, RuleChange } from '../repositories/rules.ts';
import { reportWeek } from '../weekly/loadSignals.ts';
import { previewRule, type RuleInput, type RulePreview } from './preview.ts';
import { loadRuleInputs } from './runWeek.ts';
import { parseRule, type AlertRule } from './schema.ts';

export interface RulePreviewReport extends RulePreview {
  rule: AlertRule;
  week: IsoWeek;
}

/**
 * Who the rule (validated; throws RuleValidationError naming each bad field) would fire for on the latest
 * scored week (or `week`), ignoring episodes: the answer before saving it. Students not scored that week
 * never hold.
 */
export async function previewRuleNow(
  repos: Repositories,
  input: unknown,
  options: { now: Date; week?: IsoWeek },
): Promise<RulePreviewReport> {
  const rule = parseRule(input);
  const week = await reportWeek(repos, options.week);
  const { students, histories, contexts } = await loadRuleInputs(repos, [rule], week, options.now);
  const inputs: RuleInput[] = students.map((student) => {
    const history = histories.get(student.id) ?? [];
    return {
      student,
      history: history.at(-1)?.week === week ? history : [],
      context: contexts.get(student.id) as RuleInput['context'],
    };
  });
  return { rule, week, ...previewRule(rule, inputs) };
}

export function addRule(repos: Repositories, input: unknown, meta: ChangeMeta): Promise<RuleChange> {
  return repos.rules.add(input, meta);
}

export function replaceRule(repos: Repositories, input: unknown, meta: ChangeMeta): Promise<RuleChange> {
  return repos.rules.replace(input, meta);
}

export async function setRuleEnabled(
  repos: Repositories,
  ruleId: string,
  enabled: boolean,
  meta: ChangeMeta,
): Promise<RuleChange> {
  const change = await repos.rules.setEnabled(ruleId, enabled, meta);
  if (!enabled) await repos.ruleState.clearEpisodes(ruleId);
  return change;
}

/**
 * Evaluating the enabled alert rules after a week is scored (docs/rules.md). For each rule not yet evaluated for
 * this week: every student's condition is checked against their score history up to the week, episodes
 * advance (stepEpisode), and each new episode is a firing. Firings, episodes and the rule's progress are
 * stored before any action runs; then every pending firing's actions run and it is marked done. So:
 * - a rule fires once per student per episode; re-running a week (or an earlier one) fires nothing new;
 * - a run cut short is finished by the next run, without firing twice;
 * - a student with no score in the week does not hold (the episode ends); shared-cause weeks never fire
 *   drop rules (evaluate.ts);
 * - a student exempt for a known reason is not evaluated: nothing fires and their episodes stay as they were.
 */
import { addWeeks, type IsoWeek } from '../domain/isoWeek.ts';
import type { Student } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import type { ActiveEpisode, RuleFiring } from '../repositories/ruleState.ts';
import type { ScoreHistoryPoint } from '../repositories/scores.ts';
import { viewDate } from '../weekly/loadSignals.ts';
import { shownPredictions } from '../prediction/shownPredictions.ts';
import { runActions } from './actions.ts';
import { stepEpisode, type EpisodeState } from './episodes.ts';
import { evaluateRule, type RuleContext } from './evaluate.ts';
import type { RulePorts } from './ports.ts';
import type { AlertRule } from './schema.ts';

/** Weeks of history loaded beyond the longest trigger: room for shared-cause and unscored weeks. */
const HISTORY_MARGIN_WEEKS = 12;

export interface RuleWeekResult {
  ruleId: string;
  /** False when the rule had already been evaluated for this week or a later one. */
  evaluated: boolean;
  fired: number;
  episodesEnded: number;
}

export interface RulesRunSummary {
  week: IsoWeek;
  rules: RuleWeekResult[];
  /** Firings whose actions ran in this run (this week's, and any left pending by an interrupted run). */
  actionsRun: number;
}

function lookbackWeeks(rules: readonly AlertRule[]): number {
  let longest = 2;
  for (const rule of rules) {
    if ('weeks' in rule.trigger) longest = Math.max(longest, rule.trigger.weeks);
  }
  return longest + HISTORY_MARGIN_WEEKS;
}

export interface RuleInputs {
  /** Every student not exempt (a known reason) on the day the week is viewed as of. */
  students: Student[];
  histories: Map<string, ScoreHistoryPoint[]>;
  contexts: Map<string, RuleContext>;
}

/**
 * Every student with their score history up to `week`, last contact, active-case flag and trajectory,
 * except students exempt on the week's as-of day: they are not evaluated at all, so their episodes neither
 * start nor end while exempt (an episode in progress resumes afterwards without firing again).
 */
export async function loadRuleInputs(
  repos: Repositories,
  rules: AlertRule[],
  week: IsoWeek,
  now: Date,
): Promise<RuleInputs> {
  const asOf = viewDate(week, now);
  const [everyone, histories, lastContacts, activeCases, predictions, exempt] = await Promise.all([
    repos.institution.listStudents(),
    repos.scores.historiesBetween(addWeeks(week, -lookbackWeeks(rules)), week),
    repos.contacts.lastContactByStudent(asOf),
    repos.cases.studentsWithActiveCase(),
    shownPredictions(repos, week),
    repos.exemptions.exemptOn(asOf.toISOString().slice(0, 10)),
  ]);
  const students = exempt.size === 0 ? everyone : everyone.filter((student) => !exempt.has(student.id));
  const contexts = new Map<string, RuleContext>();
  for (const student of students) {
    contexts.set(student.id, {
      lastContactAt: lastContacts.get(student.id) ?? null,
      openCase: activeCases.has(student.id),
      asOf,
      trajectory: predictions.get(student.id)?.trajectory ?? null,
    });
  }
  return { students, histories, contexts };
}

async function evaluateOne(
  repos: Repositories,
  rule: AlertRule,
  week: IsoWeek,
  inputs: RuleInputs,
  now: Date,
): Promise<RuleWeekResult> {
  const lastWeek = await repos.ruleState.lastWeek(rule.id);
  if (lastWeek !== null && week <= lastWeek)
    return { ruleId: rule.id, evaluated: false, fired: 0, episodesEnded: 0 };
  const active = await repos.ruleState.activeEpisodes(rule.id);
  const fired: RuleFiring[] = [];
  const started: ActiveEpisode[] = [];
  const ended: string[] = [];
  for (const student of inputs.students) {
    const history = inputs.histories.get(student.id) ?? [];
    const scoredThisWeek = history.at(-1)?.week === week;
    const verdict = scoredThisWeek
      ? evaluateRule(rule, student, history, inputs.contexts.get(student.id) as RuleContext)
      : { holds: false, reason: 'not scored this week' };
    const since = active.get(student.id);
    const previous: EpisodeState = { active: since !== undefined, since: since ?? null, lastWeek };
    const step = stepEpisode(previous, week, verdict.holds);
    if (step.fire) {
      fired.push({
        ruleId: rule.id,
        studentId: student.id,
        week,
        at: now,
        reason: verdict.reason,
        status: 'pending',
        outcomes: [],
      });
      started.push({ ruleId: rule.id, studentId: student.id, since: week });
    } else if (previous.active && !step.next.active) {
      ended.push(student.id);
    }
  }
  await repos.ruleState.saveEvaluation(rule.id, week, { fired, started, ended });
  return { ruleId: rule.id, evaluated: true, fired: fired.length, episodesEnded: ended.length };
}

/** Runs the actions of every pending firing (of any week) and marks each done. */
export async function runPendingActions(repos: Repositories, ports: RulePorts, now: Date): Promise<number> {
  const pending = await repos.ruleState.pendingFirings();
  if (pending.length === 0) return 0;
  const rules = new Map((await repos.rules.list()).map((entry) => [entry.id, entry.rule]));
  let run = 0;
  for (const firing of pending) {
    const rule = rules.get(firing.ruleId);
    const student = await repos.institution.findStudent(firing.studentId);
    if (!rule || !student) {
      await repos.ruleState.completeFiring(firing, [
        rule ? 'student no longer exists' : 'rule no longer exists',
      ]);
      continue;
    }
    const history = await repos.scores.historyFor(student.id);
    const score = history.find((point) => point.week === firing.week)?.score ?? null;
    const outcomes = await runActions(repos, ports, { rule, student, firing, score, now });
    await repos.ruleState.completeFiring(firing, outcomes);
    run += 1;
  }
  return run;
}

export async function evaluateRulesForWeek(
  repos: Repositories,
  options: { week: IsoWeek; now: Date; ports?: RulePorts },
): Promise<RulesRunSummary> {
  const rules = await repos.rules.enabled();
  const results: RuleWeekResult[] = [];
  if (rules.length > 0) {
    const inputs = await loadRuleInputs(repos, rules, options.week, options.now);
    for (const rule of rules) results.push(await evaluateOne(repos, rule, options.week, inputs, options.now));
  }
  const actionsRun = await runPendingActions(repos, options.ports ?? {}, options.now);
  return { week: options.week, rules: results, actionsRun };
}

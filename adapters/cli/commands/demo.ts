/**
 * `engage demo` (= `npm run demo`): the product end to end on the embedded store. Generates a synthetic
 * institution (deterministic for a seed and the week it runs in): the current term, ending with the last
 * complete week before now, and the same students' term a year earlier with its outcomes
 * (src/demo/demoCalendar.ts). Writes both through the real storage paths, scores the earlier term, trains
 * the risk model on it, then runs the weekly cycle over the current term (score, predict, alert rules) and
 * prints the Monday view of its latest week. Re-running with the same options in the same week reuses
 * what is stored.
 */
import { formatCount } from '../../../src/chat/views/viewFormat.ts';
import { riskWording } from '../../../src/prediction/targets.ts';
import type { IsoWeek } from '../../../src/domain/isoWeek.ts';
import { isTermWeek } from '../../../src/domain/model.ts';
import { planDemoInstitution } from '../../../src/demo/demoCalendar.ts';
import { seedDemoInstitution } from '../../../src/demo/seedSyntheticInstitution.ts';
import { NotEnoughTermsError, trainAndStoreModel } from '../../../src/prediction/trainModel.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import { buildMondayView } from '../../../src/weekly/mondayView.ts';
import type { RulePorts } from '../../../src/rules/ports.ts';
import { evaluateRulesForWeek } from '../../../src/rules/runWeek.ts';
import { scoreAndStoreWeek } from '../../../src/weekly/scoreAndStoreWeek.ts';
import { digestDateOf, loadSignals } from '../../../src/weekly/loadSignals.ts';
import { EXIT, integerOption, type Command } from '../command.ts';
import { formatTable } from '../output.ts';
import { renderMondayView } from '../render/mondayView.ts';
import { percent } from '../render/text.ts';
import { cliRulePorts } from '../rulePorts.ts';
import { withRepositories } from '../session.ts';
import { engageCommandLine } from '../hint.ts';
import { recordDemoDeliveries } from './demoDeliveries.ts';
import { serveDemo, SERVE_OPTION_HELP, SERVE_OPTIONS, shouldServe } from './demoServe.ts';

const DEFAULTS = { seed: 42, students: 2000, weeks: 12 };

export const demoCommand: Command = {
  usage: 'engage demo [--students <n>] [--weeks <n>] [--seed <n>] [--json] [--serve | --no-serve]',
  options: {
    students: { type: 'string' },
    weeks: { type: 'string' },
    seed: { type: 'string' },
    ...SERVE_OPTIONS,
  },
  optionHelp: [
    '--students <n>  students to generate (default 2000)',
    '--weeks <n>     term weeks to generate and score (default 12)',
    '--seed <n>      generator seed; the same seed gives the same institution (default 42)',
    ...SERVE_OPTION_HELP,
  ],
  examples: [
    'engage demo',
    'engage demo --students 5000 --weeks 20 --seed 7',
    'engage demo --json --data-dir /tmp/engage-demo',
  ],
  async run(context) {
    const options = {
      seed: integerOption(context, 'seed', { min: 0, max: 2 ** 32 - 1 }) ?? DEFAULTS.seed,
      students: integerOption(context, 'students', { min: 20, max: 200_000 }) ?? DEFAULTS.students,
      weeks: integerOption(context, 'weeks', { min: 1, max: 52 }) ?? DEFAULTS.weeks,
    };
    const started = performance.now();
    const { view, alerts, model } = await withRepositories(context.env, async (repos, store) => {
      // Synthetic students are never emailed; workflow steps are queued for the service to run.
      const { ports } = cliRulePorts(context.env, repos, store, { email: false });
      const week = await prepareDemoData(repos, options, ports, context.now());
      const weekSummary = await scoreAndStoreWeek(repos, week);
      // The weekly cycle evaluates the alert rules after scoring; running the demo again fires nothing new.
      const rules = await evaluateRulesForWeek(repos, { week, now: digestDateOf(week), ports });
      const snapshot = await loadSignals(repos, { week, now: context.now() });
      return {
        view: buildMondayView(snapshot, { sharedCauses: weekSummary.sharedCauses }),
        model: await repos.riskModels.active(),
        alerts: {
          fired: rules.rules.reduce((sum, rule) => sum + rule.fired, 0),
          waiting: await repos.notifications.countPending(),
        },
      };
    });
    const seconds = (performance.now() - started) / 1000;
    if (context.json) {
      context.out.json({ demo: options, seconds, view, alerts });
      return shouldServe(context) ? serveDemo(context) : EXIT.ok;
    }
    context.out.line(
      `Engage demo — a synthetic institution of ${formatCount(options.students)} students over ${options.weeks} term weeks ` +
        `(seed ${options.seed}), on the ${context.env.MONGODB_URI ? 'MongoDB' : 'embedded'} store.`,
    );
    context.out.line(
      model
        ? `Risk model ${model.versionId} (${model.document.target}: the ${riskWording(model.document.target)}) is trained on the earlier term ` +
            `${model.document.trainingWindow.terms.join(' + ')} (term weeks ${model.document.trainingWindow.fromWeek}-${model.document.trainingWindow.toWeek}, ` +
            `with its outcomes) and flags students of the current term, which it has never seen: ` +
            `${formatCount(view.counts['at-risk'])} of ${formatCount(view.scored)} this week ` +
            `(${percent(view.scored === 0 ? null : (100 * view.counts['at-risk']) / view.scored)}; its base rate in the earlier term: ${percent(100 * model.document.metrics.baseRate)}).`
        : 'No risk model: the generated term is too short to train one (At risk needs term weeks 4 and later).',
    );
    context.out.line('');
    for (const line of renderMondayView(view)) context.out.line(line);
    context.out.line('');
    context.out.line(
      `Alert rules: ${alerts.fired} new alert${alerts.fired === 1 ? '' : 's'} this week; ` +
        `${formatCount(alerts.waiting)} tutor notification${alerts.waiting === 1 ? '' : 's'} waiting in the outbox ` +
        `(${engageCommandLine(context.env, 'rules outbox')}).`,
    );
    context.out.line('');
    context.out.line(`Generated, stored and scored in ${seconds.toFixed(1)} s. Next:`);
    const first = view.sections.find((section) => section.rows.length > 0)?.rows[0];
    const hint = (args: string) => engageCommandLine(context.env, args);
    const next = [
      [
        hint('students --list declining'),
        'the whole Declining list (filters: --faculty, --programme, --year)',
      ],
      ...(first
        ? [[hint(`student ${first.studentId}`), "one student's trend and why they are flagged"]]
        : []),
      ...(model
        ? [[hint('students --list at-risk'), 'the students the risk model flags, highest risk first']]
        : []),
      [hint('sources'), "each feed's deliveries, freshness and data quality"],
      [
        hint(['demo', ...demoOptionArgs(options), '--serve'].join(' ')),
        'the same, then the chat preview in your browser (it prints the address)',
      ],
    ];
    for (const line of formatTable(next)) context.out.line(`  ${line}`);
    return shouldServe(context) ? serveDemo(context) : EXIT.ok;
  },
};

/** The options that differ from the defaults, as command-line arguments (the same demo again). */
function demoOptionArgs(options: { seed: number; students: number; weeks: number }): string[] {
  return Object.entries(options)
    .filter(([name, value]) => DEFAULTS[name as keyof typeof DEFAULTS] !== value)
    .map(([name, value]) => `--${name} ${value}`);
}

/**
 * Makes the store hold the demo institution for these options, scored, and returns its latest term week.
 * Refuses to touch a store holding real data.
 */
async function prepareDemoData(
  repos: Repositories,
  options: { seed: number; students: number; weeks: number },
  ports: RulePorts,
  now: Date,
): Promise<IsoWeek> {
  const origin = await repos.meta.origin();
  if (origin && origin.kind !== 'synthetic') {
    throw new Error(
      `this store holds ${origin.kind} data; run the demo on a separate store with --data-dir <empty folder>`,
    );
  }
  const demo = planDemoInstitution(options, now);
  const termWeeksOf = (calendar: typeof demo.current.calendar) =>
    calendar.filter(isTermWeek).map((entry) => entry.week);
  const termWeeks = termWeeksOf(demo.current.calendar);
  const latest = termWeeks.at(-1) as IsoWeek;
  // The same options in another week place the terms elsewhere: the anchor is part of what is stored.
  const details = { ...options, latestWeek: demo.terms.latestWeek };
  const sameDemo = origin !== null && JSON.stringify(origin.details) === JSON.stringify(details);
  if (sameDemo && (await repos.scores.scoredWeeks()).includes(latest)) return latest;

  await repos.meta.clearAll();
  await seedDemoInstitution(repos, demo);
  await recordDemoDeliveries(
    repos,
    [...demo.earlier.calendar, ...demo.current.calendar].map((entry) => entry.week),
    now,
  );
  // The earlier term first, as history: scored, then the model learns from it and its outcomes.
  for (const week of termWeeksOf(demo.earlier.calendar)) await scoreAndStoreWeek(repos, week);
  await trainAndStoreModel(repos, { now, by: 'engage demo', target: 'outcome' }).catch((error: unknown) => {
    if (error instanceof NotEnoughTermsError) return null;
    throw error;
  });
  // Then the current term's weekly cycle, week by week: score (which predicts with the model), evaluate
  // the alert rules. The latest week is scored by the caller, as the Monday job would.
  for (const week of termWeeks.slice(0, -1)) {
    await scoreAndStoreWeek(repos, week);
    await evaluateRulesForWeek(repos, { week, now: digestDateOf(week), ports });
  }
  await repos.meta.setOrigin({ kind: 'synthetic', details, at: now });
  return latest;
}

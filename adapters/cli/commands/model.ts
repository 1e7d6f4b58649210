/**
 * `engage model`: predictive risk (issue 17). `train` trains on the latest completed term and stores a
 * versioned model document, active only if the promotion rule says it is at least as good as the current
 * one; `list`, `show <version>`, `use <version>` manage the versions; `off` and `on` switch the AI layer
 * (recorded with who, when and why); `report` trains on the earlier of the two most recent terms with
 * outcomes and reports on the later one (see docs/prediction.md).
 */
import { userInfo } from 'node:os';
import type { FairnessTable } from '../../../src/prediction/fairness.ts';
import { modelReport, NotEnoughTermsError, REPORT_WEEKS } from '../../../src/prediction/modelReport.ts';
import { headlineWeek, USEFUL_AUC, usefulFromWeek } from '../../../src/prediction/scorecard.ts';
import { predictLatestWeek } from '../../../src/prediction/predictWeek.ts';
import { trainAndStoreModel, type PromotionBasis } from '../../../src/prediction/trainModel.ts';
import { isModelTarget, riskWording, type ModelTarget } from '../../../src/prediction/targets.ts';
import { MODEL_TARGETS } from '../../../src/prediction/modelDocument.ts';
import { auditAttributeRepository } from '../../../src/repositories/auditAttributes.ts';
import type { RiskModelRepository, StoredRiskModel } from '../../../src/repositories/riskModels.ts';
import { EXIT, stringOption, UsageError, type Command, type CommandContext } from '../command.ts';
import { formatTable } from '../output.ts';
import { withRepositories } from '../session.ts';

const two = (value: number | null) => (value === null ? '—' : value.toFixed(2));
const three = (value: number | null) => (value === null ? '—' : value.toFixed(3));

const BASIS_WORDS: Record<PromotionBasis, string> = {
  'held-out term': 'on a term it was not trained on',
  'stored cross-fitted metrics': 'by its own cross-fitted metrics on these rows',
  'cross-fitted recipe': 'cross-fitted the same way (the rows changed since it was trained)',
};

const ACTIONS = ['train', 'list', 'show', 'use', 'off', 'on', 'min-weeks', 'report'] as const;

function changeMeta(
  context: CommandContext,
  action: string,
  options: { whyRequired?: boolean } = {},
): { at: Date; by: string; why: string } {
  const why = stringOption(context, 'why');
  if (options.whyRequired && (why === undefined || why.trim() === ''))
    throw new UsageError(`--why "<reason>" is required for engage model ${action}`);
  return {
    at: new Date(),
    by: stringOption(context, 'by') ?? `cli:${userInfo().username}`,
    why: why ?? `engage model ${action}`,
  };
}

/** --target, when given: one of the model targets. */
function targetOption(context: CommandContext): ModelTarget | undefined {
  const raw = stringOption(context, 'target');
  if (raw === undefined) return undefined;
  if (!isModelTarget(raw))
    throw new UsageError(`--target takes ${MODEL_TARGETS.join(' or ')} (got "${raw}")`);
  return raw;
}

function summaryRow(model: StoredRiskModel): string[] {
  const d = model.document;
  const meanAuc = (() => {
    const aucs = d.metrics.perWeek.flatMap((w) => (w.auc === null ? [] : [w.auc]));
    return aucs.length === 0 ? null : aucs.reduce((a, b) => a + b, 0) / aucs.length;
  })();
  return [
    d.versionId,
    d.status,
    d.target,
    d.createdAt.slice(0, 16).replace('T', ' '),
    `${d.trainingWindow.terms.join(' + ')} weeks ${d.trainingWindow.fromWeek}-${d.trainingWindow.toWeek}`,
    two(meanAuc),
    three(d.metrics.brier),
    three(d.operatingThreshold),
    model.trainedBy,
  ];
}

export const modelCommand: Command = {
  usage:
    'engage model train [--target <t>] | list | show <version> | use <version> | off | on | min-weeks <n> [--why <reason>] | report [--target <t>] [--weeks <k,k,...>] [--json]',
  options: {
    target: { type: 'string' },
    weeks: { type: 'string' },
    why: { type: 'string' },
    by: { type: 'string' },
  },
  optionHelp: [
    '--target <t>       train, report: outcome (withdrawn or failed) or future-disengagement (consistently low or',
    '                   low engagement within four weeks); train defaults to outcome when a term has outcomes',
    '--weeks <k,...>    report: term weeks reported on the later term (default: 4,6,8,10,12)',
    '--why <reason>     the reason recorded with a change (required for off, on and min-weeks)',
    '--by <who>         who makes the change (default: cli:<os user>)',
  ],
  examples: [
    'engage model train',
    'engage model train --target future-disengagement',
    'engage model list',
    'engage model show v2',
    'engage model use v1 --why "v2 flags too many first years"',
    'engage model off --why "paused by the data protection officer"',
    'engage model min-weeks 6 --why "short terms"',
    'engage model report --weeks 8 --json',
    'engage model report --target future-disengagement',
  ],
  async run(context) {
    const [action, ...extra] = context.positionals;
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
      throw new UsageError(
        `engage model takes one action: ${ACTIONS.join(', ')} (got "${context.positionals.join(' ')}")`,
      );
    }
    const wantsVersion = action === 'show' || action === 'use' || action === 'min-weeks';
    if (extra.length !== (wantsVersion ? 1 : 0)) {
      throw new UsageError(
        wantsVersion
          ? `engage model ${action} takes one version, e.g. v2`
          : `engage model ${action} takes no arguments`,
      );
    }
    switch (action) {
      case 'report':
        return runReport(context);
      case 'train':
        return runTrain(context);
      case 'list':
        return runList(context);
      case 'show':
        return runShow(context, extra[0] as string);
      case 'use':
        return runUse(context, extra[0] as string);
      case 'min-weeks':
        return runMinWeeks(context, extra[0] as string);
      default:
        return runSwitch(context, action === 'on');
    }
  },
};

async function runTrain(context: CommandContext): Promise<number> {
  const meta = changeMeta(context, 'train');
  const target = targetOption(context);
  let result;
  try {
    result = await withRepositories(context.env, async (repos) => {
      const trained = await trainAndStoreModel(repos, {
        now: meta.at,
        by: meta.by,
        ...(target && { target }),
      });
      const predicted = trained.model.document.status === 'active' ? await predictLatestWeek(repos) : null;
      return { ...trained, predicted };
    });
  } catch (error) {
    if (error instanceof NotEnoughTermsError) throw new UsageError(error.message);
    throw error;
  }
  if (context.json) {
    context.out.json(result);
    return EXIT.ok;
  }
  const d = result.model.document;
  context.out.line(
    `Target: ${d.target} — the ${riskWording(d.target)}` +
      (result.targetChosen === 'default'
        ? d.target === 'outcome'
          ? ' (the default: a term has recorded outcomes; --target future-disengagement for the other).'
          : ' (the default: no term has recorded outcomes).'
        : '.'),
  );
  context.out.line(
    `Trained ${d.versionId} on ${d.trainingWindow.terms.join(' + ')}, term weeks ${d.trainingWindow.fromWeek}-${d.trainingWindow.toWeek} (${result.trainingRows} student-weeks); operating threshold ${three(d.operatingThreshold)}.`,
  );
  const p = result.model.promotion;
  if (result.otherTarget !== null) {
    context.out.line(
      `${result.previous} predicts another target (${result.otherTarget}), so the two are not compared: ${d.versionId} is kept as a candidate (engage model use ${d.versionId} to switch).`,
    );
  } else if (p === null) {
    context.out.line(`No model was active: ${d.versionId} is now active.`);
  } else {
    context.out.line(
      `On ${d.trainingWindow.terms.at(-1)}: mean AUC ${three(p.candidateMeanAuc)} vs ${three(p.currentMeanAuc)} (${result.previous}), mean Brier ${three(p.candidateMeanBrier)} vs ${three(p.currentMeanBrier)}; ` +
        `${d.versionId} cross-fitted, ${result.previous} ${BASIS_WORDS[result.promotionBasis ?? 'held-out term']}.`,
    );
    context.out.line(
      p.promote
        ? `At least as good as ${result.previous}: ${d.versionId} is now active (${result.previous} retired).`
        : `Not at least as good as ${result.previous}: ${d.versionId} is kept as a candidate (engage model use ${d.versionId} to switch anyway).`,
    );
  }
  if (result.predicted?.modelVersion)
    context.out.line(
      `Predicted ${result.predicted.week}: ${result.predicted.predicted} students, ${result.predicted.atRisk} At Risk.`,
    );
  return EXIT.ok;
}

async function runList(context: CommandContext): Promise<number> {
  const { models, settings } = await withRepositories(context.env, async (repos) => ({
    models: await repos.riskModels.list(),
    settings: await repos.riskModels.settings(),
  }));
  if (context.json) {
    context.out.json({
      settings,
      models: models.map((m) => ({
        ...m,
        document: { ...m.document, model: undefined, calibrator: undefined },
      })),
    });
    return EXIT.ok;
  }
  context.out.line(
    `AI layer: ${settings.enabled ? 'on' : 'off'} · trajectory needs ${settings.minHistoryWeeks} scored weeks`,
  );
  if (models.length === 0) {
    context.out.line('No model trained yet: engage model train');
    return EXIT.ok;
  }
  for (const line of formatTable([
    ['version', 'status', 'target', 'created', 'trained on', 'mean AUC', 'Brier', 'threshold', 'by'],
    ...models.map(summaryRow),
  ]))
    context.out.line(line);
  return EXIT.ok;
}

async function runShow(context: CommandContext, version: string): Promise<number> {
  const model = await withRepositories(context.env, (repos) => repos.riskModels.find(version));
  if (model === null) throw new UsageError(`no model ${version}; engage model list shows the versions`);
  if (context.json) {
    context.out.json(model);
    return EXIT.ok;
  }
  const d = model.document;
  for (const line of formatTable([
    ['version', d.versionId],
    ['status', d.status],
    ['created', `${d.createdAt} by ${model.trainedBy}`],
    ['target', `${d.target} (the ${riskWording(d.target)})`],
    [
      'training window',
      `${d.trainingWindow.terms.join(' + ')}, term weeks ${d.trainingWindow.fromWeek}-${d.trainingWindow.toWeek}`,
    ],
    ['calibration', d.calibrator.kind],
    ['operating threshold', three(d.operatingThreshold)],
    ['base rate', two(d.metrics.baseRate)],
    [
      'pooled AUC / PR AUC / Brier',
      `${two(d.metrics.auc)} / ${two(d.metrics.prAuc)} / ${three(d.metrics.brier)}`,
    ],
  ]))
    context.out.line(line);
  context.out.line('');
  context.out.line('Per term week (cross-fitted by student on the training term):');
  for (const line of formatTable([
    ['week', ...d.metrics.perWeek.map((w) => String(w.week))],
    ['count', ...d.metrics.perWeek.map((w) => String(w.count))],
    ['AUC', ...d.metrics.perWeek.map((w) => two(w.auc))],
    ['Brier', ...d.metrics.perWeek.map((w) => three(w.brier))],
    ...(d.metrics.perWeek.some((w) => w.flagged !== undefined)
      ? [
          ['flagged', ...d.metrics.perWeek.map((w) => String(w.flagged ?? '—'))],
          ['precision', ...d.metrics.perWeek.map((w) => two(w.precision ?? null))],
          ['recall', ...d.metrics.perWeek.map((w) => two(w.recall ?? null))],
        ]
      : []),
  ]))
    context.out.line(`  ${line}`);
  context.out.line('');
  context.out.line('Coefficients (standardised):');
  const ranked = d.featureNames
    .map((name, j) => [name, d.model.coefficients[j] as number] as const)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  for (const line of formatTable(ranked.map(([name, c]) => [name, c.toFixed(3)])))
    context.out.line(`  ${line}`);
  return EXIT.ok;
}

async function runUse(context: CommandContext, version: string): Promise<number> {
  const result = await withRepositories(context.env, async (repos) => {
    if (!(await repos.riskModels.activate(version))) return null;
    return predictLatestWeek(repos);
  });
  if (result === null) throw new UsageError(`no model ${version}; engage model list shows the versions`);
  if (context.json) {
    context.out.json({ active: version, predicted: result });
    return EXIT.ok;
  }
  context.out.line(`${version} is now the active model; earlier predictions are kept as they were made.`);
  if (result.modelVersion)
    context.out.line(`Predicted ${result.week}: ${result.predicted} students, ${result.atRisk} At Risk.`);
  return EXIT.ok;
}

/** `engage model min-weeks <n>`: scored weeks needed before a trajectory is more than "Insufficient data". */
async function runMinWeeks(context: CommandContext, raw: string): Promise<number> {
  const weeks = Number(raw);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52)
    throw new UsageError(`min-weeks takes a number of weeks from 1 to 52 (got "${raw}")`);
  const meta = changeMeta(context, 'min-weeks', { whyRequired: true });
  const change = await changeSettings(context, { minHistoryWeeks: weeks }, meta);
  if (context.json) {
    context.out.json(change);
    return EXIT.ok;
  }
  context.out.line(
    `A trajectory now needs ${weeks} scored weeks (from the next predict step; stored predictions keep theirs).`,
  );
  return EXIT.ok;
}

async function runSwitch(context: CommandContext, enabled: boolean): Promise<number> {
  const meta = changeMeta(context, enabled ? 'on' : 'off', { whyRequired: true });
  const change = await changeSettings(context, { enabled }, meta);
  if (context.json) {
    context.out.json(change);
    return EXIT.ok;
  }
  context.out.line(
    enabled
      ? `AI layer switched on by ${change.by} (${change.why}): predictions are made and shown again.`
      : `AI layer switched off by ${change.by} (${change.why}): nothing is predicted or shown until it is switched on.`,
  );
  return EXIT.ok;
}

async function runReport(context: CommandContext): Promise<number> {
  const raw = stringOption(context, 'weeks');
  const weeks = raw === undefined ? REPORT_WEEKS : raw.split(',').map((part) => Number(part.trim()));
  if (weeks.some((k) => !Number.isInteger(k) || k < 1 || k > 60)) {
    throw new UsageError(`--weeks takes term weeks from 1 to 60, comma-separated (got "${raw}")`);
  }
  let report;
  try {
    const target = targetOption(context) ?? 'outcome';
    report = await withRepositories(context.env, (repos, store) =>
      modelReport(repos, { target, weeks, auditAttributes: auditAttributeRepository(store.db) }),
    );
  } catch (error) {
    if (error instanceof NotEnoughTermsError) throw new UsageError(error.message);
    throw error;
  }
  if (context.json) {
    context.out.json(report);
    return EXIT.ok;
  }
  context.out.line(`Target: ${report.target} — the ${riskWording(report.target)}.`);
  context.out.line(
    `Trained on ${report.trainingTerm} (term weeks ${report.trainingWeeks.join(',')}, ${report.trainingRows} student-weeks, base rate ${two(report.trainingBaseRate)}; L2 logistic, λ = ${report.lambda}; ${report.calibration}).`,
  );
  context.out.line(
    `Operating threshold ${three(report.operatingThreshold)}: flags on the training term the top share equal to its base rate.`,
  );
  context.out.line(
    report.target === 'outcome'
      ? `Reported on ${report.testTerm}, students still registered at the end of each week:`
      : `Reported on ${report.testTerm}, students scored and not yet disengaged at the end of each week:`,
  );
  for (const line of formatTable([
    ['term week', ...report.weeks.map((week) => String(week.termWeek))],
    [
      report.target === 'outcome' ? 'registered' : 'students',
      ...report.weeks.map((week) => String(week.count)),
    ],
    ['base rate', ...report.weeks.map((week) => two(week.baseRate))],
    ['ROC AUC', ...report.weeks.map((week) => two(week.auc))],
    ['PR AUC', ...report.weeks.map((week) => two(week.prAuc))],
    ['Brier', ...report.weeks.map((week) => three(week.brier))],
    ['flagged', ...report.weeks.map((week) => String(week.flagged))],
    ['precision', ...report.weeks.map((week) => two(week.precision))],
    ['recall', ...report.weeks.map((week) => two(week.recall))],
  ]))
    context.out.line(`  ${line}`);
  const useful = usefulFromWeek(report.weeks.map((week) => ({ week: week.termWeek, auc: week.auc })));
  context.out.line(
    useful === null
      ? `Useful from: no reported week onwards keeps ROC AUC at ${USEFUL_AUC.toFixed(2)} or above.`
      : `Useful from term week ${useful}: ROC AUC ${USEFUL_AUC.toFixed(2)} or above in that week and every later one reported.`,
  );
  for (const week of report.weeks) {
    context.out.line('');
    context.out.line(`Calibration, term week ${week.termWeek} (predicted → observed, count):`);
    for (const bin of week.calibration) {
      if (bin.count === 0) continue;
      context.out.line(
        `  [${bin.lower.toFixed(1)}, ${bin.upper.toFixed(1)})  ${three(bin.meanPredicted)} → ${three(bin.observedRate)}  (${bin.count})`,
      );
    }
  }
  const week = headlineWeek(report.weeks.map((w) => w.termWeek));
  const fairness = report.fairness.find((table) => table.termWeek === week);
  if (fairness) {
    context.out.line('');
    for (const line of fairnessLines(fairness)) context.out.line(line);
  }
  return EXIT.ok;
}

/** The fairness table of one week (every reported week's is in --json). */
function fairnessLines(table: FairnessTable): string[] {
  const figures = (g: FairnessTable['overall']) =>
    g.shown
      ? [String(g.students), two(g.flagRate), two(g.precision), two(g.recall)]
      : ['too few to show', '', '', ''];
  const rows = [
    ['grouping', 'group', 'students', 'flag rate', 'precision', 'recall'],
    ['everyone', '', ...figures(table.overall)],
    ...table.groupings.flatMap((grouping) =>
      grouping.groups.map((g, i) => [
        i > 0 ? '' : grouping.kind === 'audit' ? `${grouping.name} (audit-only)` : grouping.name,
        g.group,
        ...figures(g),
      ]),
    ),
  ];
  return [
    `Fairness at term week ${table.termWeek}: At Risk by group (every reported week in --json):`,
    ...formatTable(rows).map((line) => `  ${line.trimEnd()}`),
    ...(table.oneGroupOnly.length > 0
      ? [`  One group only, nothing to compare: ${table.oneGroupOnly.join(', ')}.`]
      : []),
    `How to read it: ${table.howToRead}`,
  ];
}

/** Records a change of the AI layer's settings; a change the repository refuses is a usage error. */
function changeSettings(
  context: CommandContext,
  update: Parameters<RiskModelRepository['changeSettings']>[0],
  meta: Parameters<RiskModelRepository['changeSettings']>[1],
) {
  return withRepositories(context.env, async (repos) => {
    try {
      return await repos.riskModels.changeSettings(update, meta);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  });
}

// The admin chat command `model`: the risk model's scorecard for administrators and managers (headline
// figures from the stored model, the calibration chart as a signed PNG), a clean card without a model, the
// usual refusal for anyone else, listed in help only for those who may use it; and the governance
// summary's one scorecard line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChartRenderer } from '../../adapters/http/charts.ts';
import { renderBlocks } from '../../adapters/slack/blocks.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { createChatApp } from '../../src/chat/app.ts';
import { NO_MODEL_YET } from '../../src/chat/handlers/modelScorecard.ts';
import type { GovernanceView, HelpView, ModelScorecardView } from '../../src/chat/views/viewModel.ts';
import { predictAndStoreWeek } from '../../src/prediction/predictWeek.ts';
import { trainAndStoreModel } from '../../src/prediction/trainModel.ts';
import { adaptiveCardErrors } from '../cards/adaptiveSchema.ts';
import { contextFor, openChatWorld, staffWithRole, type ChatWorld } from './support.ts';

let world: ChatWorld;
beforeAll(async () => {
  world = await openChatWorld({ students: 300, weeks: 10 });
}, 120_000);
afterAll(async () => world.close());

const command = async (role: 'admin' | 'manager' | 'tutor', text: string) =>
  (await world.app.command(contextFor(staffWithRole(world, role)), text)).view;
const facts = (view: ModelScorecardView) => new Map(view.facts.map((fact) => [fact.label, fact.value]));

describe('the model command', () => {
  it('without a model says how to get one, on a valid card in Teams and Slack', async () => {
    const view = (await command('admin', 'model')) as ModelScorecardView;
    expect(view).toMatchObject({ kind: 'model-scorecard', subtitle: NO_MODEL_YET, chart: null });
    expect(NO_MODEL_YET).toBe('No risk model yet — an admin can train one with `npx engage model train`');
    expect(adaptiveCardErrors(renderAdaptiveCard(view))).toEqual([]);
    expect(JSON.stringify(renderBlocks(view))).toContain('No risk model yet');
  });

  it('refuses anyone but administrators and managers, and help lists it only for them', async () => {
    expect(await command('tutor', 'model')).toMatchObject({ kind: 'notice', tone: 'denied' });
    const usages = async (role: 'admin' | 'manager' | 'tutor') =>
      ((await command(role, 'help')) as HelpView).commands.map((c) => c.usage);
    expect(await usages('tutor')).not.toContain('model');
    expect(await usages('manager')).toContain('model');
    expect(await usages('admin')).toContain('model');
  });

  it('shows the active model’s headline figures and its calibration chart as a signed PNG', async () => {
    const trained = await trainAndStoreModel(world.seeded.repos, { now: new Date('2026-12-01'), by: 'test' });
    const document = trained.model.document;
    const week8 = document.metrics.perWeek.find((w) => w.week === 8);
    expect(week8?.precision).not.toBeUndefined();
    const view = (await command('manager', 'model')) as ModelScorecardView;
    expect(view.subtitle).toBe(`${document.versionId} · active`);
    const shown = facts(view);
    expect(shown.get('Trained on')).toBe(`${document.trainingWindow.terms[0]}, term weeks 4–10`);
    expect(shown.get('At term week 8')).toMatch(
      new RegExp(
        `^ROC AUC ${week8?.auc?.toFixed(2)} · PR AUC ${week8?.prAuc?.toFixed(2)} · Brier ${week8?.brier.toFixed(3)} `,
      ),
    );
    expect(shown.get(`Flagged At Risk (risk ≥ ${document.operatingThreshold.toFixed(3)})`)).toBe(
      `${week8?.flagged} flagged · precision ${week8?.precision?.toFixed(2)} · recall ${week8?.recall?.toFixed(2)}`,
    );
    expect(shown.get('Useful from')).toMatch(/^(term week \d+|no week yet)/);
    expect(shown.get('Trajectory shown')).toBe('after 8 scored weeks of a student’s term');

    expect(view.chart?.url).toMatch(/^https:\/\/engage\.test\/charts\/[\w-]+\.png\?exp=\d+&sig=/);
    const id = /charts\/([\w-]+)\.png/.exec(view.chart?.url ?? '')?.[1] as string;
    const chart = await world.seeded.repos.chartImages.find(id, new Date());
    expect(chart?.kind).toBe('calibration');
    const png = await new ChartRenderer().png(chart!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

    expect(adaptiveCardErrors(renderAdaptiveCard(view))).toEqual([]);
    expect(JSON.stringify(renderBlocks(view))).toContain('image');
  }, 60_000);

  it('puts one scorecard line in the governance summary: version, AUC at week 8 on its term, At Risk count', async () => {
    const latest = (await world.seeded.repos.scores.scoredWeeks()).at(-1) as string;
    const predicted = await predictAndStoreWeek(world.seeded.repos, latest);
    const model = await world.seeded.repos.riskModels.active();
    const week8 = model?.document.metrics.perWeek.find((w) => w.week === 8);
    const fresh = createChatApp({
      repos: world.seeded.repos,
      charts: { trend: none, bands: none, calibration: none },
    });
    const view = (await fresh.command(contextFor(staffWithRole(world, 'manager')), 'digest'))
      .view as GovernanceView;
    const line = view.figures.find((figure) => figure.label === 'Risk model scorecard')?.value;
    expect(line).toBe(
      `${model?.versionId} · ROC AUC ${week8?.auc?.toFixed(2)} at week 8 on ${model?.document.trainingWindow.terms[0]} · ${predicted.atRisk} At Risk this week`,
    );
  }, 60_000);
});

const none = async (): Promise<never> => {
  throw new Error('no charts here');
};

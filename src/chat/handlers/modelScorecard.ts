/**
 * The `model` chat command (issue 17): the active risk model's scorecard for administrators and managers —
 * its version and training window, ROC AUC, PR AUC and Brier at the headline week, precision and recall at
 * the operating threshold, from which week its predictions are useful, and the calibration chart. Aggregate
 * figures only. Without a model the card says how to train one; anyone else gets the usual refusal.
 */
import type { PredictionSettings } from '../../repositories/riskModels.ts';
import { scorecardOf, USEFUL_AUC, type Scorecard } from '../../prediction/scorecard.ts';
import { isAdmin, type Viewer } from '../context/access.ts';
import type { ChatCore } from '../core.ts';
import { denied } from '../views/notices.ts';
import type { ImageRef, ModelScorecardView, View } from '../views/viewModel.ts';

export const NO_MODEL_YET = 'No risk model yet — an admin can train one with `npx engage model train`';

const two = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : value.toFixed(2);
const three = (value: number) => value.toFixed(3);

export async function modelScorecardFor(core: ChatCore, viewer: Viewer): Promise<View> {
  if (!isAdmin(viewer) && !viewer.roles.has('manager'))
    return denied('The risk model scorecard is for administrators and managers.');
  const [active, settings] = await Promise.all([
    core.repos.riskModels.active(),
    core.repos.riskModels.settings(),
  ]);
  if (active === null) return buildModelScorecardView(null, settings, null);
  const card = scorecardOf(active.versionId, active.document);
  const points = card.calibration.flatMap((bin) =>
    bin.count > 0 && bin.meanPredicted !== null && bin.observedRate !== null
      ? [{ predicted: bin.meanPredicted, observed: bin.observedRate, count: bin.count }]
      : [],
  );
  const chart = points.length === 0 ? null : await core.chart((charts) => charts.calibration(points));
  return buildModelScorecardView(card, settings, chart);
}

export function buildModelScorecardView(
  card: Scorecard | null,
  settings: PredictionSettings,
  chart: ImageRef | null,
): ModelScorecardView {
  const aiLayer = {
    label: 'AI layer',
    value: settings.enabled ? 'on' : 'off — nothing is predicted or shown until an admin switches it on',
  };
  const title = 'Risk model scorecard';
  if (card === null)
    return {
      kind: 'model-scorecard',
      title,
      subtitle: NO_MODEL_YET,
      facts: [aiLayer],
      chart: null,
      notes: [],
    };
  const { trainedOn, headline } = card;
  const facts: ModelScorecardView['facts'] = [
    {
      label: 'Trained on',
      value: `${trainedOn.terms.join(' + ')}, term weeks ${trainedOn.fromWeek}–${trainedOn.toWeek}`,
    },
    {
      label: 'Measured on',
      value: `${card.evaluatedOn}: each half of the students predicted by a model trained on the other half`,
    },
  ];
  if (headline !== null) {
    facts.push({
      label: `At term week ${headline.week}`,
      value: `ROC AUC ${two(headline.auc)} · PR AUC ${two(headline.prAuc)} · Brier ${three(headline.brier)} (${headline.count} students, ${Math.round(headline.baseRate * 100)}% withdrew or failed)`,
    });
    facts.push({
      label: `Flagged At Risk (risk ≥ ${three(card.operatingThreshold)})`,
      value:
        headline.flagged === undefined
          ? 'not measured for this version: the next engage model train measures it'
          : `${headline.flagged} flagged · precision ${two(headline.precision)} · recall ${two(headline.recall)}`,
    });
  }
  facts.push({
    label: 'Useful from',
    value:
      card.usefulFromWeek === null
        ? `no week yet: ROC AUC does not stay at ${USEFUL_AUC.toFixed(2)} or above to the last week measured`
        : `term week ${card.usefulFromWeek} (ROC AUC ${USEFUL_AUC.toFixed(2)} or above from then on)`,
  });
  facts.push({
    label: 'Trajectory shown',
    value: `after ${settings.minHistoryWeeks} scored weeks of a student’s term`,
  });
  facts.push(aiLayer);
  return {
    kind: 'model-scorecard',
    title,
    subtitle: `${card.versionId} · ${card.status}`,
    facts,
    chart,
    notes: [
      'Calibration: dots near the dashed diagonal mean a predicted risk of 30% comes true about 30% of the time; a bigger dot holds more students.',
      'Precision: of those flagged, the share who went on to withdraw or fail. Recall: of those who did, the share flagged. Fairness by group: engage model report.',
    ],
  };
}
